using EquiDyn.Architectures.LayerList;
using EquiDyn.Checks;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Symmetry;
using EquiDyn.Tests.Support;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Architectures.LayerList;

/// <summary>The layer-list architecture: the paper's CNN rewritten as a list, a user-defined D4 model, and the planner's
/// refusals (each naming the spec field).</summary>
public class LayerListModelTests
{
    private const string Cross = "010,111,010";

    /// <summary>The paper's C4 CNN (docs/experiments/mnist-c4.md) at the size of <see cref="SmallConvNetCase"/>, as a user
    /// would write it.</summary>
    private static LayerListModel PaperCnn(string support = Cross)
    {
        var (c1, c2, c3) = SmallConvNetCase.Hidden;
        int n = SmallConvNetCase.ImageSize;
        LayerSpec Conv(int channels) => new() { Type = "conv", Channels = channels, Kernel = 3, Support = support };
        var norm = new LayerSpec { Type = "layernorm", Over = "sites" };
        var tanh = new LayerSpec { Type = "tanh" };
        return LayerListModel.Plan(SiteSets.ForRegistryGroup(new CyclicGroup(4)), new ModelInputSpec { Channels = 1, Sites = $"grid:{n}" },
        [
            Conv(c1), new LayerSpec { Type = "avgpool", Size = 2 }, tanh, norm,
            Conv(c2), new LayerSpec { Type = "avgpool", Size = 2 }, tanh, norm,
            Conv(c3), tanh, norm,
            new LayerSpec { Type = "dense", Channels = SmallConvNetCase.Classes, Sites = "invariant" },
        ], SmallConvNetCase.Classes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ThePapersCnnWrittenAsALayerListIsTheBuiltInNetwork(bool equivariant)
    {
        using var scope = NewDisposeScope();
        var list = PaperCnn().Build(ScalarType.Float64, equivariant ? LayerListParametrization.Intersection : LayerListParametrization.Unitary);
        var builtIn = equivariant ? SmallConvNetCase.Equivariant(KernelSupport.Cross) : SmallConvNetCase.Network(KernelSupport.Cross);
        Assert.Equal(builtIn.Coefficients.Select(p => p.shape), list.Coefficients.Select(p => p.shape));
        Assert.Equal(builtIn.Coefficients.Sum(p => p.numel()), list.Coefficients.Sum(p => p.numel()));

        // Same coefficients (drawn once, loaded into both) must give the same outputs.
        var generator = new Generator(17);
        using (no_grad())
            for (int k = 0; k < list.Coefficients.Count; k++)
            {
                var theta = randn(builtIn.Coefficients[k].shape, dtype: ScalarType.Float64, generator: generator);
                builtIn.Layers[k].LoadCoefficients(theta);
                list.Layers[k].LoadCoefficients(theta);
            }
        var x = SmallConvNetCase.Data(6).Inputs;
        var expected = builtIn.call(x);
        double gap = (list.call(x) - expected).abs().max().item<double>() / expected.abs().max().item<double>();
        Assert.True(gap < 1e-13, $"outputs differ by {gap:E2} (relative)");
    }

    /// <summary>D4 defined by the permutations r, f of a square's corners, acting on 8×8 images, 4×4 pooled grids and
    /// 5×5 kernel taps by named grid maps.</summary>
    internal static GroupDefinitionSpec D4(string pooledFlip = "flip-columns") => new()
    {
        Name = "D4", GeneratorNames = ["r", "f"], Generators = [[3, 0, 1, 2], [1, 0, 3, 2]],
        Actions = new()
        {
            ["pixels"] = new SiteSetSpec { Shape = [8, 8], Maps = ["rot90", "flip-columns"] },
            ["pooled"] = new SiteSetSpec { Shape = [4, 4], Maps = ["rot90", pooledFlip] },
            ["taps"] = new SiteSetSpec { Shape = [5, 5], Maps = ["rot90", "flip-columns"] },
        },
    };

    private static List<LayerSpec> D4Layers(string support) =>
    [
        new() { Type = "conv", Channels = 3, Kernel = 5, Support = support, Taps = "taps" },
        new() { Type = "avgpool", Size = 2, Sites = "pooled" }, new() { Type = "tanh" }, new() { Type = "layernorm", Over = "sites" },
        new() { Type = "dense", Channels = 4, Sites = "invariant" }, new() { Type = "leaky-relu" }, new() { Type = "layernorm", Over = "channels" },
        new() { Type = "dense", Channels = 3, Sites = "invariant", Name = "head" },
    ];

    private const string Disc = "01110,11111,11111,11111,01110";

    [Fact]
    public void AUserDefinedD4ModelHasTheBurnsideDimensionsAndIsInvariantInEIntersectL()
    {
        using var scope = NewDisposeScope();
        var model = LayerListModel.Plan(SiteSets.Define(D4()), new ModelInputSpec { Sites = "pixels" }, D4Layers(Disc), 3);
        var g = model.Geometry();
        Assert.Equal("8", g.Order);
        // D4 on the 25 taps of a 5×5 kernel: orbits {centre}, 4 corners, 4 inner corners, 4 edge midpoints, 4 inner edge
        // midpoints, and the 8 remaining taps (1+4+4+4+4+8 = 25): dim E = 6. The disc drops the corner orbit: E∩L = 5, L = 21.
        Assert.Equal((25, 21, 6, 5, true), (g.Layers[0].H, g.Layers[0].L, g.Layers[0].E, g.Layers[0].EIntersectL, g.Layers[0].Compatible));
        // Burnside on the 4×4 grid → invariant: (16 + 0 + 0 + 0 [rotations] + 0 + 0 [row/column flips] + 4 + 4 [diagonals]) / 8 = 3
        // (the 4 corners, the 4 centre pixels, the 8 others).
        Assert.Equal((16, 3), (g.Layers[1].H, g.Layers[1].E));
        Assert.Equal((1, 1), (g.Layers[2].H, g.Layers[2].E));

        var net = model.Build(ScalarType.Float64, LayerListParametrization.Unitary);
        LayerListModel.Initialize(net, seed: 4);
        var x = randn(new long[] { 5, 1, 8, 8 }, dtype: ScalarType.Float64, generator: new Generator(5));
        EquivarianceAssert.Holds(t => net.call(t), model.DataAction(), x);
        using (no_grad())
            foreach (var p in net.Coefficients) p.copy_(randn_like(p) * 0.3);
        EquivarianceAssert.Breaks(t => net.call(t), model.DataAction(), x);
    }

    [Fact]
    public void ASupportThatIsNotD4InvariantIsIncompatibleAndNamesItsStraddlingOrbits()
    {
        // Drop one corner only: the corner orbit straddles the support.
        var model = LayerListModel.Plan(SiteSets.Define(D4()), new ModelInputSpec { Sites = "pixels" }, D4Layers("01111,11111,11111,11111,11111"), 3);
        var conv = model.Geometry().Layers[0];
        Assert.False(conv.Compatible);
        Assert.Equal((24, 6, 5), (conv.L, conv.E, conv.EIntersectL));
        Assert.Single(conv.StraddlingOrbits);
    }

    [Fact]
    public void APoolingTargetThatDoesNotMatchTheGridsActionIsRefused()
    {
        var e = Assert.Throws<LayerListException>(() =>
            LayerListModel.Plan(SiteSets.Define(D4(pooledFlip: "flip-rows")), new ModelInputSpec { Sites = "pixels" }, D4Layers(Disc), 3));
        Assert.Equal("architecture.layers[1].sites", e.Field);
        Assert.Contains("does not commute with generator 'f'", e.Message);
    }

    [Fact]
    public void CyclicShiftsDoNotCommuteWithAZeroPaddedConvolution()
    {
        var shifts = new GroupDefinitionSpec
        {
            Name = "Z4xZ4", Generators = [[1, 2, 3, 0, 4, 5, 6, 7], [0, 1, 2, 3, 5, 6, 7, 4]],
            Actions = new()
            {
                ["pixels"] = new SiteSetSpec { Shape = [4, 4], Maps = ["shift-right", "shift-down"] },
                ["taps"] = new SiteSetSpec { Shape = [3, 3], Maps = ["identity", "identity"] },
            },
        };
        var e = Assert.Throws<LayerListException>(() => LayerListModel.Plan(SiteSets.Define(shifts), new ModelInputSpec { Sites = "pixels" },
            [new LayerSpec { Type = "conv", Channels = 2, Kernel = 3, Taps = "taps" }, new LayerSpec { Type = "dense", Channels = 2, Sites = "invariant" }], 2));
        Assert.Equal("architecture.layers[0].taps", e.Field);
        Assert.Contains("cyclic shifts do not commute with zero padding", e.Message);
    }

    [Fact]
    public void ALayerNormOverSitesRightBeforeAnInvariantLayerOnATransitiveSiteSetIsRefused()
    {
        var ring = new GroupDefinitionSpec
        {
            Name = "C6", Generators = [[1, 2, 3, 4, 5, 0]],
            Actions = new() { ["ring"] = new SiteSetSpec { Shape = [6], Maps = ["shift"] } },
        };
        var e = Assert.Throws<LayerListException>(() => LayerListModel.Plan(SiteSets.Define(ring), new ModelInputSpec { Sites = "ring" },
            [new LayerSpec { Type = "layernorm", Over = "sites" }, new LayerSpec { Type = "dense", Channels = 2, Sites = "invariant" }], 2));
        Assert.Equal("architecture.layers[1].sites", e.Field);
        Assert.Contains("would be 0 for every input", e.Message);
    }

    [Fact]
    public void ImagesThatAreNotAnActionOfTheGroupAreRefusedWithTheirSiteSet()
    {
        // r of the square has order 4; a site map of order 3 cannot be its image.
        var bad = new GroupDefinitionSpec
        {
            Name = "C4", Generators = [[1, 2, 3, 0]],
            Actions = new() { ["sites"] = new SiteSetSpec { Shape = [3], Images = [[1, 2, 0]] } },
        };
        var e = Assert.Throws<LayerListException>(() => SiteSets.Define(bad));
        Assert.Equal("groupDefinition.actions.sites", e.Field);
    }

    [Theory]
    [InlineData("{\"type\": \"tanh\", \"channels\": 3}", "architecture.layers[0].channels", "does not read channels")]
    [InlineData("{\"type\": \"dense\", \"channels\": 3, \"sites\": \"nowhere\"}", "architecture.layers[0].sites", "not a site set of C4")]
    [InlineData("{\"type\": \"conv\", \"channels\": 3, \"kernel\": 4, \"taps\": \"x\"}", "architecture.layers[0].kernel", "odd side")]
    [InlineData("{\"type\": \"dropout\"}", "architecture.layers[0].type", "unknown layer type")]
    public void LayerMistakesNameTheirField(string layerJson, string field, string problem)
    {
        var layer = System.Text.Json.JsonSerializer.Deserialize<LayerSpec>(layerJson, EquiDyn.Experiments.ExperimentSpec.JsonOptions)!;
        var group = new GroupDefinitionSpec
        {
            Name = "C4", Generators = [[1, 2, 3, 0]],
            Actions = new() { ["pixels"] = new SiteSetSpec { Shape = [4, 4], Maps = ["rot90"] } },
        };
        var e = Assert.Throws<LayerListException>(() => LayerListModel.Plan(SiteSets.Define(group), new ModelInputSpec { Sites = "pixels" }, [layer], 3));
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void TheExactAugmentationIdentityHoldsOnTheUserDefinedModel()
    {
        using var scope = NewDisposeScope();
        var model = LayerListModel.Plan(SiteSets.Define(D4()), new ModelInputSpec { Sites = "pixels" }, D4Layers(Disc), 3);
        var net = model.Build(ScalarType.Float64, LayerListParametrization.Unitary);
        LayerListModel.Initialize(net, seed: 2);
        var g = new Generator(3);
        var data = new TensorDataset(randn(new long[] { 6, 1, 8, 8 }, dtype: ScalarType.Float64, generator: g), randint(3, new long[] { 6 }, generator: g));
        var result = ExactAugmentationCheck.Run(net, data, LossKind.CrossEntropy, model.DataAction());
        Assert.True(result.Holds, $"R_aug − R = {result.RiskGap:E2}, gradient gap {result.GradientGap:E2}");
        Assert.True(result.NominalOffE > 1e-3, "the nominal gradient should have a part off E on data without symmetry");
    }
}
