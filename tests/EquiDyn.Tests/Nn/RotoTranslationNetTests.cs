using EquiDyn.Nn;
using EquiDyn.Symmetry;
using EquiDyn.Tests.Support;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Nn;

/// <summary>RotoTranslationNet (Z_4²⋊C4 on 4×4 images, 64 elements), channels 2 → 3, invariant width 4, 3 classes.</summary>
public class RotoTranslationNetTests : MlpArchitectureContract
{
    private const int Side = 4;

    protected override StructuredNetwork Nominal() => RotoTranslationNet.Build(Side, [2, 3], [4], 3, ScalarType.Float64);

    protected override StructuredNetwork Equivariant() => RotoTranslationNet.BuildEquivariant(Side, [2, 3], [4], 3, ScalarType.Float64);

    protected override DataGroupAction Action => DataGroupActions.ImageRotoTranslations(Side);

    protected override MlpGeometry Geometry => RotoTranslationNet.Geometry(Side);

    protected override Tensor Inputs() => MlpCases.Images(Side);

    protected override Tensor[] InitializeAsPaper(StructuredNetwork network, long seed) => RotoTranslationNet.InitializeAsPaper(network, Side, seed);

    [Theory]
    [InlineData(3, 3)]   // (9 + 2·1 + 1)/4
    [InlineData(4, 6)]   // (16 + 2·2 + 4)/4
    [InlineData(5, 7)]   // (25 + 2·1 + 1)/4
    [InlineData(6, 11)]  // (36 + 2·2 + 4)/4
    [InlineData(14, 51)] // (196 + 2·2 + 4)/4
    public void DimensionsOfEAreRotationOrbitsOfOffsets(int n, int dense)
    {
        // E = circular convolutions (one coefficient per offset δ ∈ Z_n²) invariant under δ ↦ Rδ: Burnside over C4 on
        // Z_n² with fix(R) = #{δ : (I − R)δ = 0 mod n} (2 for even n, 1 for odd) and fix(R²) = #{2δ = 0} (4 or 1).
        var geometry = RotoTranslationNet.Geometry(n);
        Assert.Equal((dense, 1, 1), MlpCases.Dimensions(geometry));
        var grid = new RotoTranslationGroup(n).OnGrid();
        Assert.Equal(dense, Burnside.DenseDimension(grid, grid));
        Assert.Equal(1, Burnside.DenseDimension(grid, geometry.Invariant));
    }

    [Fact]
    public void ThePaperSizeEquivariantModelHasTheExpectedCoefficientCounts()
    {
        using var equivariant = RotoTranslationNet.BuildEquivariant();
        Assert.Equal(new long[] { 32 * 51, 32 * 32 * 51, 32 * 32 * 1, 10 * 32 }, equivariant.Coefficients.Select(p => p.numel()));
    }
}
