using EquiDyn.Nn;
using EquiDyn.Symmetry;
using EquiDyn.Tests.Support;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Nn;

/// <summary>TranslationNet (Z_6×Z_6 on 6×6 images, 36 elements), channels 2 → 3, invariant width 4, 3 classes.</summary>
public class TranslationNetTests : MlpArchitectureContract
{
    private const int Side = 6;

    protected override StructuredNetwork Nominal() => TranslationNet.Build(Side, [2, 3], [4], 3, ScalarType.Float64);

    protected override StructuredNetwork Equivariant() => TranslationNet.BuildEquivariant(Side, [2, 3], [4], 3, ScalarType.Float64);

    protected override DataGroupAction Action => DataGroupActions.ImageTranslations(Side);

    protected override MlpGeometry Geometry => TranslationNet.Geometry(Side);

    protected override Tensor Inputs() => MlpCases.Images(Side);

    protected override Tensor[] InitializeAsPaper(StructuredNetwork network, long seed) => TranslationNet.InitializeAsPaper(network, Side, seed);

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(14)]
    public void DimensionsOfEAreCircularConvolutionsAndTheMean(int n)
    {
        // Z_n² acts freely on block entries; orbits = offsets (n² of them); the head's only invariant functional is the sum.
        var geometry = TranslationNet.Geometry(n);
        Assert.Equal((n * n, 1, 1), MlpCases.Dimensions(geometry));
        var grid = TranslationGroup.Planar(n).OnGrid();
        Assert.Equal(n * n, Burnside.DenseDimension(grid, grid));
        Assert.Equal(1, Burnside.DenseDimension(grid, geometry.Invariant));
    }

    [Fact]
    public void ThePaperSizeModelHasThePapersCoefficientCounts()
    {
        // docs/experiments/translation.md: (32,1,196,196), (32,32,196,196), invariant (32,32,1,196), FC 32 → 10.
        using var nominal = TranslationNet.Build();
        using var equivariant = TranslationNet.BuildEquivariant();
        AssertCoefficientCounts(nominal, equivariant,
            [32L * 196 * 196, 32L * 32 * 196 * 196, 32 * 32 * 196, 10 * 32],
            [32 * 196, 32 * 32 * 196, 32 * 32 * 1, 10 * 32]);
    }
}
