using EquiDyn.Nn;
using EquiDyn.Symmetry;
using EquiDyn.Tests.Support;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Nn;

/// <summary>OneDTranslationNet (Z_6 along x on 6×6 images), channels 2 → 3, invariant width 4, 3 classes.</summary>
public class OneDTranslationNetTests : MlpArchitectureContract
{
    private const int Side = 6;

    protected override StructuredNetwork Nominal() => OneDTranslationNet.Build(Side, [2, 3], [4], 3, ScalarType.Float64);

    protected override StructuredNetwork Equivariant() => OneDTranslationNet.BuildEquivariant(Side, [2, 3], [4], 3, ScalarType.Float64);

    protected override DataGroupAction Action => DataGroupActions.ImageTranslationsAlongX(Side);

    protected override MlpGeometry Geometry => OneDTranslationNet.Geometry(Side);

    protected override Tensor Inputs() => MlpCases.Images(Side);

    protected override Tensor[] InitializeAsPaper(StructuredNetwork network, long seed) => OneDTranslationNet.InitializeAsPaper(network, Side, seed);

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(14)]
    public void DimensionsOfEArePartialDiagonalsAndRowMeans(int n)
    {
        // Z_n acts freely on the n⁴ block entries: n³ orbits. On pixels its orbits are the n rows: the head keeps n.
        var geometry = OneDTranslationNet.Geometry(n);
        Assert.Equal((n * n * n, n, 1), MlpCases.Dimensions(geometry));
        var grid = TranslationGroup.AlongX(n).OnGrid();
        Assert.Equal(n * n * n, Burnside.DenseDimension(grid, grid));
        Assert.Equal(n, Burnside.DenseDimension(grid, geometry.Invariant));
    }

    [Fact]
    public void ThePaperSizeEquivariantModelHasTheExpectedCoefficientCounts()
    {
        using var equivariant = OneDTranslationNet.BuildEquivariant();
        Assert.Equal(new long[] { 32 * 2744, 32 * 32 * 2744, 32 * 32 * 14, 10 * 32 }, equivariant.Coefficients.Select(p => p.numel()));
    }
}
