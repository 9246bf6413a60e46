using EquiDyn.Nn;
using EquiDyn.Symmetry;
using EquiDyn.Tests.Support;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Nn;

/// <summary>RotationNet (C4 classification on 5×5 images: an odd grid, so the centre is a fixed pixel), channels 2 → 3,
/// invariant width 4, 3 classes.</summary>
public class RotationNetTests : MlpArchitectureContract
{
    private const int Side = 5;

    protected override StructuredNetwork Nominal() => RotationNet.Build(Side, [2, 3], [4], 3, ScalarType.Float64);

    protected override StructuredNetwork Equivariant() => RotationNet.BuildEquivariant(Side, [2, 3], [4], 3, ScalarType.Float64);

    protected override DataGroupAction Action => DataGroupActions.ImageRotations(Side);

    protected override MlpGeometry Geometry => RotationNet.Geometry(Side);

    protected override Tensor Inputs() => MlpCases.Images(Side);

    protected override Tensor[] InitializeAsPaper(StructuredNetwork network, long seed) => RotationNet.InitializeAsPaper(network, Side, seed);

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(14)]
    public void DimensionsOfEAreOrbitsOfQuarterTurns(int n)
    {
        // Non-trivial rotations fix no pixel on an even grid and only the centre on an odd one (Burnside by hand).
        int sites = n % 2 == 0 ? n * n / 4 : (n * n + 3) / 4;
        int dense = n % 2 == 0 ? n * n * n * n / 4 : (n * n * n * n + 3) / 4;
        var geometry = RotationNet.Geometry(n);
        Assert.Equal((dense, sites, 1), MlpCases.Dimensions(geometry));
        var grid = new CyclicGroup(4).OnGrid(n);
        Assert.Equal(dense, Burnside.DenseDimension(grid, grid));
        Assert.Equal(sites, Burnside.DenseDimension(grid, geometry.Invariant));
    }

    [Fact]
    public void ThePaperSizeEquivariantModelHasTheExpectedCoefficientCounts()
    {
        using var equivariant = RotationNet.BuildEquivariant();
        Assert.Equal(new long[] { 32 * 9604, 32 * 32 * 9604, 32 * 32 * 49, 10 * 32 }, equivariant.Coefficients.Select(p => p.numel()));
    }
}
