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

    /// <summary>Z2 mirroring a line of 10 sites (i ↦ 9 − i) and its 5-site half, and swapping classes 0 and 1 (class 2
    /// fixed): the group of examples/mirror-swap.json.</summary>
    internal static GroupDefinitionSpec Mirror(int[]? classImages = null) => new()
    {
        Name = "Z2", GeneratorNames = ["m"], Generators = [[1, 0]],
        Actions = new()
        {
            ["line"] = new SiteSetSpec { Shape = [10], Images = [[9, 8, 7, 6, 5, 4, 3, 2, 1, 0]] },
            ["half"] = new SiteSetSpec { Shape = [5], Images = [[4, 3, 2, 1, 0]] },
            ["classes"] = new SiteSetSpec { Shape = [3], Images = [classImages ?? [1, 0, 2]] },
            ["pair"] = new SiteSetSpec { Shape = [2], Images = [[1, 0]] },
        },
    };

    private static List<LayerSpec> MirrorLayers(int headChannels = 1, string headSites = "classes") =>
    [
        new() { Type = "dense", Channels = 4, Sites = "line" }, new() { Type = "tanh" },
        new() { Type = "dense", Channels = 4, Sites = "half" }, new() { Type = "tanh" }, new() { Type = "layernorm", Over = "channels" },
        new() { Type = "dense", Channels = headChannels, Sites = headSites, Name = "head" },
    ];

    [Fact]
    public void AnEquivariantHeadMovesTheScoresAsTheGroupMovesTheClasses()
    {
        using var scope = NewDisposeScope();
        var model = LayerListModel.Plan(SiteSets.Define(Mirror()), new ModelInputSpec { Sites = "line" }, MirrorLayers(), 3, labels: "classes");
        var g = model.Geometry();
        // Burnside for Z2 = {e, m}: dim E = (H + entries m fixes) / 2. line → line: (o, i) ↦ (9−o, 9−i) fixes none of the
        // 100 entries (10 sites, no middle one): 50. line → half: o = 4 − o needs o = 2, i = 9 − i never: 25. half → classes:
        // fixed when the class is 2 and the half-site is 2, 1 entry of 15: (15 + 1) / 2 = 8.
        Assert.Equal(new[] { (100, 50), (50, 25), (15, 8) }, g.Layers.Select(l => (l.H, l.E)));
        Assert.Equal("half (5 sites) → classes (3 sites)", g.Layers[2].Shape);

        var net = model.Build(ScalarType.Float64, LayerListParametrization.Unitary);
        LayerListModel.Initialize(net, seed: 4);
        var x = randn(new long[] { 5, 1, 10 }, dtype: ScalarType.Float64, generator: new Generator(5));
        Assert.Equal(new long[] { 5, 3 }, net.call(x).shape);
        // In E∩L the scores are equivariant: Φ(m·x) has the scores of classes 0 and 1 swapped, class 2's unchanged.
        var mirror = model.DataAction().Elements!.Single(e => e.Classes![0] == 1);
        var scores = net.call(x);
        var mirrored = net.call(x.flip(-1)); // m·x reverses the line, by hand
        var expected = stack(new[] { scores[.., 1], scores[.., 0], scores[.., 2] }, 1);
        Assert.True((mirrored - expected).abs().max().item<double>() < 1e-12 * scores.abs().max().item<double>());
        Assert.True((mirrored - scores).abs().max().item<double>() > 1e-3, "the scores must not be invariant: the head is equivariant, not invariant");
        Assert.Equal(new long[] { 1, 0, 2 }, mirror.Classes);
        EquivarianceAssert.Holds(t => net.call(t), model.DataAction(), x);
        using (no_grad())
            foreach (var p in net.Coefficients) p.copy_(randn_like(p) * 0.3);
        EquivarianceAssert.Breaks(t => net.call(t), model.DataAction(), x);
    }

    [Fact]
    public void AugmentationWithExactOrbitsLabelsEveryMirroredSampleWithTheSwappedClass()
    {
        using var scope = NewDisposeScope();
        var model = LayerListModel.Plan(SiteSets.Define(Mirror()), new ModelInputSpec { Sites = "line" }, MirrorLayers(), 3, labels: "classes");
        var x = arange(3 * 10, dtype: ScalarType.Float64).reshape(3, 1, 10);
        var y = tensor(new long[] { 0, 1, 2 });
        var (ox, oy) = Risk.ExactOrbits(LossKind.CrossEntropy, model.DataAction()).Transform(x, y);
        // element-major: the identity's images first, then the mirror's: reversed lines labelled 1, 0, 2
        Assert.Equal(new long[] { 0, 1, 2, 1, 0, 2 }, oy.data<long>().ToArray());
        Assert.True(ox.narrow(0, 3, 3).eq(x.flip(-1)).all().item<bool>());
        // with invariant labels (no labels site set) the same samples keep their classes
        var invariant = LayerListModel.Plan(SiteSets.Define(Mirror()), new ModelInputSpec { Sites = "line" },
            [.. MirrorLayers(3, "invariant")], 3);
        Assert.Equal(new long[] { 0, 1, 2, 0, 1, 2 }, Risk.ExactOrbits(LossKind.CrossEntropy, invariant.DataAction()).Transform(x, y).Targets.data<long>().ToArray());
    }

    [Fact]
    public void TheExactAugmentationIdentityHoldsWithAnEquivariantHead()
    {
        // L3/P1 with labels that move: at A ∈ E∩L, R_aug(A) = R(A) and ∇R_aug(A) = Π_E∇R(A), for both losses.
        using var scope = NewDisposeScope();
        var model = LayerListModel.Plan(SiteSets.Define(Mirror()), new ModelInputSpec { Sites = "line" }, MirrorLayers(), 3, labels: "classes");
        var g = new Generator(3);
        var data = new TensorDataset(randn(new long[] { 8, 1, 10 }, dtype: ScalarType.Float64, generator: g), randint(3, new long[] { 8 }, generator: g));
        foreach (var loss in new[] { LossKind.CrossEntropy, LossKind.MseOneHot })
        {
            var net = model.Build(ScalarType.Float64, LayerListParametrization.Unitary);
            LayerListModel.Initialize(net, seed: 2);
            var result = ExactAugmentationCheck.Run(net, data, loss, model.DataAction());
            Assert.True(result.Holds, $"{loss}: R_aug − R = {result.RiskGap:E2}, gradient gap {result.GradientGap:E2}");
            Assert.True(result.NominalOffE > 1e-3, "the nominal gradient should have a part off E on data without symmetry");
        }
    }

    [Fact]
    public void AugmentedTrainingStaysInEIntersectLOnlyWhenTheLabelsMoveWithTheInputs()
    {
        // T2 needs a loss invariant under the joint action. With the equivariant head, exact-orbit GD from a point of
        // E∩L stays there when every mirrored sample carries the swapped class (the model's data action), and leaves at
        // once when the same inputs keep their labels (a data action on the inputs only).
        using var scope = NewDisposeScope();
        var model = LayerListModel.Plan(SiteSets.Define(Mirror()), new ModelInputSpec { Sites = "line" }, MirrorLayers(), 3, labels: "classes");
        var g = new Generator(8);
        var data = new TensorDataset(randn(new long[] { 12, 1, 10 }, dtype: ScalarType.Float64, generator: g), randint(3, new long[] { 12 }, generator: g));
        var inputsOnly = DataGroupActions.FromSiteActions(model.Input.Action);
        foreach (var (action, stays) in new[] { (model.DataAction(), true), (inputsOnly, false) })
        {
            var net = model.Build(ScalarType.Float64, LayerListParametrization.Unitary);
            LayerListModel.Initialize(net, seed: 1);
            var trainer = new Trainer(net, new TrainingStrategy(StrategyKind.AugmentedExact), LossKind.CrossEntropy,
                new TrainingOptions(0.1, 12, Protocol.FullBatch, Shuffle: false, Seed: 0), action);
            double distance = 0;
            for (int step = 0; step < 5; step++) trainer.RunEpoch(data, r => distance = r.TotalRelativeDistance);
            // float64 rounding over 5 steps stays ~1e-16; a gradient with a part off E moves ~η·‖Π_E⊥∇R‖ per step
            Assert.True(stays ? distance < 1e-13 : distance > 1e-6, $"labels {(stays ? "moving" : "invariant")}: relative distance to E∩L {distance:E2}");
        }
    }

    [Theory]
    [InlineData("nothing", 1, "classes", "architecture.labels", "'nothing' is not a site set of Z2")]
    [InlineData("pair", 1, "classes", "architecture.labels", "pair is 2 sites, but the classes are 3 sites")]
    [InlineData("classes", 3, "invariant", "architecture.layers", "end with the equivariant head")]
    [InlineData("classes", 2, "classes", "architecture.layers[5]", "the equivariant head has one channel")]
    public void LabelMistakesNameTheirField(string labels, int headChannels, string headSites, string field, string problem)
    {
        var e = Assert.Throws<LayerListException>(() => LayerListModel.Plan(SiteSets.Define(Mirror()), new ModelInputSpec { Sites = "line" },
            MirrorLayers(headChannels, headSites), 3, labels: labels));
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void ClassImagesThatAreNotAnActionOfTheGroupAreRefused()
    {
        // m² = e, so m cannot act on the classes by a 3-cycle
        var e = Assert.Throws<LayerListException>(() => SiteSets.Define(Mirror([1, 2, 0])));
        Assert.Equal("groupDefinition.actions.classes", e.Field);
    }
}
