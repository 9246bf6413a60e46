using EquiDyn.Nn;
using EquiDyn.Symmetry;
using EquiDyn.Tests.Support;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Nn;

/// <summary>The paper's image-classifier MLP family (<see cref="ImageMlp"/>): one contract test over its table, then the
/// dimensions of E each group must give (Burnside by hand) and the paper-size coefficient counts.</summary>
public class ImageMlpTests
{
    /// <summary>Test sizes: C4 on odd 5×5 images (the centre is a fixed pixel), Z_6² and Z_6 along x on 6×6 (36 and 6
    /// elements), Z_4²⋊C4 on 4×4 (64 elements); any new row is tested on 5×5.</summary>
    private static int Side(string group) => group switch { "zn2" or "zn-x" => 6, "zn2-c4" => 4, _ => 5 };

    public static TheoryData<string> Table => new(ImageMlp.Variants.Select(v => v.Group));

    [Theory]
    [MemberData(nameof(Table))]
    public void EveryMemberOfTheFamilyFulfilsTheMlpContract(string group)
    {
        var contract = new Contract(ImageMlp.For(group)!, Side(group));
        contract.TheNominalModelInitialisedInEIsEquivariant();
        contract.ThePaperInitialisationLiesInE();
        contract.TheEquivariantModelIsEquivariantAtAnyParameterValue();
        contract.ARandomPointOffEBreaksEquivariance();
        contract.EveryLayerIsEquivariantInEAndOnlyThere();
        contract.WeightTransferFromTheEquivariantModelIsExact();
    }

    [Fact]
    public void TheFamilyHasThePapersFourGroupsOnce()
    {
        Assert.Equal(new[] { "c4", "zn2", "zn-x", "zn2-c4" }, ImageMlp.Variants.Select(v => v.Group));
        Assert.Equal(new[] { "RotationNet", "TranslationNet", "OneDTranslationNet", "RotoTranslationNet" }, ImageMlp.Variants.Select(v => v.PaperName));
        Assert.Null(ImageMlp.For("sn"));
        Assert.Same(ImageMlp.Geometry(ImageMlp.For("c4")!, 6), ImageMlp.Geometry(ImageMlp.For("c4")!, 6));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(14)]
    public void C4DimensionsOfEAreOrbitsOfQuarterTurns(int n)
    {
        // Non-trivial rotations fix no pixel on an even grid and only the centre on an odd one (Burnside by hand).
        int sites = n % 2 == 0 ? n * n / 4 : (n * n + 3) / 4;
        int dense = n % 2 == 0 ? n * n * n * n / 4 : (n * n * n * n + 3) / 4;
        var geometry = ImageMlp.Geometry(ImageMlp.For("c4")!, n);
        Assert.Equal((dense, sites, 1), MlpCases.Dimensions(geometry));
        var grid = new CyclicGroup(4).OnGrid(n);
        Assert.Equal(dense, Burnside.DenseDimension(grid, grid));
        Assert.Equal(sites, Burnside.DenseDimension(grid, geometry.Invariant));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(14)]
    public void PlanarTranslationDimensionsOfEAreCircularConvolutionsAndTheMean(int n)
    {
        // Z_n² acts freely on block entries; orbits = offsets (n² of them); the head's only invariant functional is the sum.
        var geometry = ImageMlp.Geometry(ImageMlp.For("zn2")!, n);
        Assert.Equal((n * n, 1, 1), MlpCases.Dimensions(geometry));
        var grid = TranslationGroup.Planar(n).OnGrid();
        Assert.Equal(n * n, Burnside.DenseDimension(grid, grid));
        Assert.Equal(1, Burnside.DenseDimension(grid, geometry.Invariant));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(14)]
    public void TranslationAlongXDimensionsOfEArePartialDiagonalsAndRowMeans(int n)
    {
        // Z_n acts freely on the n⁴ block entries: n³ orbits. On pixels its orbits are the n rows: the head keeps n.
        var geometry = ImageMlp.Geometry(ImageMlp.For("zn-x")!, n);
        Assert.Equal((n * n * n, n, 1), MlpCases.Dimensions(geometry));
        var grid = TranslationGroup.AlongX(n).OnGrid();
        Assert.Equal(n * n * n, Burnside.DenseDimension(grid, grid));
        Assert.Equal(n, Burnside.DenseDimension(grid, geometry.Invariant));
    }

    [Theory]
    [InlineData(3, 3)]   // (9 + 2·1 + 1)/4
    [InlineData(4, 6)]   // (16 + 2·2 + 4)/4
    [InlineData(5, 7)]   // (25 + 2·1 + 1)/4
    [InlineData(6, 11)]  // (36 + 2·2 + 4)/4
    [InlineData(14, 51)] // (196 + 2·2 + 4)/4
    public void RotoTranslationDimensionsOfEAreRotationOrbitsOfOffsets(int n, int dense)
    {
        // E = circular convolutions (one coefficient per offset δ ∈ Z_n²) invariant under δ ↦ Rδ: Burnside over C4 on
        // Z_n² with fix(R) = #{δ : (I − R)δ = 0 mod n} (2 for even n, 1 for odd) and fix(R²) = #{2δ = 0} (4 or 1).
        var geometry = ImageMlp.Geometry(ImageMlp.For("zn2-c4")!, n);
        Assert.Equal((dense, 1, 1), MlpCases.Dimensions(geometry));
        var grid = new RotoTranslationGroup(n).OnGrid();
        Assert.Equal(dense, Burnside.DenseDimension(grid, grid));
        Assert.Equal(1, Burnside.DenseDimension(grid, geometry.Invariant));
    }

    [Theory]
    [InlineData("c4", 9604, 49)]   // 14⁴/4, 14²/4
    [InlineData("zn2", 196, 1)]    // offsets, the mean
    [InlineData("zn-x", 2744, 14)] // 14³, row means
    [InlineData("zn2-c4", 51, 1)]
    public void ThePaperSizeEquivariantModelHasTheExpectedCoefficientCounts(string group, long dense, long head)
    {
        using var equivariant = ImageMlp.Build(ImageMlp.For(group)!, equivariant: true);
        Assert.Equal(new[] { 32 * dense, 32 * 32 * dense, 32 * 32 * head, 10 * 32 }, equivariant.Coefficients.Select(p => p.numel()));
    }

    [Fact]
    public void ThePaperSizeTranslationModelHasThePapersCoefficientCounts()
    {
        // docs/experiments/translation.md: (32,1,196,196), (32,32,196,196), invariant (32,32,1,196), FC 32 → 10.
        using var nominal = ImageMlp.Build(ImageMlp.For("zn2")!);
        Assert.Equal(new long[] { 32L * 196 * 196, 32L * 32 * 196 * 196, 32 * 32 * 196, 10 * 32 }, nominal.Coefficients.Select(p => p.numel()));
    }

    /// <summary>The MLP contract for one row of the table (not discovered as a test class: it is private).</summary>
    private sealed class Contract(ImageMlpVariant variant, int side) : MlpArchitectureContract
    {
        protected override StructuredNetwork Nominal() => ImageMlp.Build(variant, side, [2, 3], [4], 3, equivariant: false, ScalarType.Float64);

        protected override StructuredNetwork Equivariant() => ImageMlp.Build(variant, side, [2, 3], [4], 3, equivariant: true, ScalarType.Float64);

        protected override DataGroupAction Action => DataGroupActions.FromSiteActions(variant.Pixels(side));

        protected override MlpGeometry Geometry => ImageMlp.Geometry(variant, side);

        protected override Tensor Inputs() => MlpCases.Images(side);

        protected override Tensor[] InitializeAsPaper(StructuredNetwork network, long seed) => ImageMlp.InitializeAsPaper(network, side, seed);
    }
}
