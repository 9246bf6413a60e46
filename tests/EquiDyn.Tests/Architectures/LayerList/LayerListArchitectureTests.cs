using System.Runtime.CompilerServices;
using EquiDyn.Architectures;
using EquiDyn.Architectures.LayerList;
using EquiDyn.Experiments;
using EquiDyn.Nn;
using EquiDyn.Tests.Support;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Architectures.LayerList;

/// <summary>The <see cref="IArchitecture"/> contract (as <see cref="ArchitectureRegistryTests"/> checks it for the paper's
/// architectures) on the shipped layer-list specs, with a unitary and a non-unitary arm; and the spec-level refusals.</summary>
public class LayerListArchitectureTests
{
    private static string Example(string name, [CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "..", "examples", name));

    [Theory]
    [InlineData("ring-d6.json")]
    [InlineData("d4-fashion-mnist.json")]
    [InlineData("mirror-swap.json")]
    public void TheExamplesMeetTheArchitectureContract(string file)
    {
        var spec = ExperimentSpec.Load(Example(file));
        var architecture = ArchitectureRegistry.Of(spec);
        Assert.IsType<LayerListArchitecture>(architecture);
        var model = LayerListArchitecture.Model(spec);
        foreach (var arm in new[] { spec.Arms[0], spec.Arms[0] with { Basis = KernelBasisKind.NonUnitary } })
        {
            using var scope = NewDisposeScope();
            var inL = architecture.Build(spec, arm, ModelSpace.Admissible, ScalarType.Float64, runSeed: 3);
            var inE = architecture.Build(spec, arm, ModelSpace.Equivariant, ScalarType.Float64, runSeed: 3);
            var layers = architecture.Describe(spec, arm);
            Assert.Equal(layers.Select(l => l.Layer), inL.Layers.Select(l => l.GetName()));
            Assert.Equal(layers.Select(l => l.Layer), inE.Layers.Select(l => l.GetName()));
            for (int k = 0; k < layers.Count; k++)
            {
                Assert.Equal(layers[k].Geometry.AdmissibleDimension, inL.Layers[k].Parametrization.Count);
                Assert.Equal(layers[k].Geometry.IntersectionDimension, inE.Layers[k].Parametrization.Count);
                Assert.Equal(layers[k].ChannelPairs, (long)inL.Layers[k].OutChannels * inL.Layers[k].InChannels);
            }
            var fromL = architecture.Initialize(inL, spec, arm, seed: 5);
            var fromE = architecture.Initialize(inE, spec, arm, seed: 5);
            for (int k = 0; k < fromL.Length; k++)
                Assert.True((fromL[k] - fromE[k]).abs().max().item<double>() < 1e-14, $"{file}: initial points differ in layer {k}");
            var x = randn([3, .. model.InputShape.Select(s => (long)s)], dtype: ScalarType.Float64, generator: new Generator(9));
            var gap = (inL.call(x) - inE.call(x)).abs().max().item<double>();
            // A non-unitary basis holds the point by a float64 least-squares solve: agreement to ~1e-12, not exactly.
            Assert.True(gap < 1e-10, $"{file}, {arm.Basis}: the two spaces compute different functions ({gap:E2})");
            EquivarianceAssert.Holds(t => inL.call(t), architecture.DataAction(spec, arm), x, tolerance: 1e-10);
        }
    }

    [Theory]
    [InlineData("\"arms\": [{ \"name\": \"a\", \"strategy\": \"nominal\", \"support\": \"cross\" }]", "arms[0].support", "declares its own")]
    [InlineData("\"group\": \"D5\"", "group", "not the defined group's name 'D6'")]
    [InlineData("\"kind\": \"transfer\"", "kind", "use kind \"strategies\"")]
    [InlineData("\"dataset\": { \"name\": \"files\", \"train\": { \"inputs\": \"x.npy\", \"labels\": \"y.npy\" } }", "dataset.test", "missing")]
    public void SpecMistakesNameTheirField(string change, string field, string problem)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Example("ring-d6.json")))!.AsObject();
        var overlay = System.Text.Json.Nodes.JsonNode.Parse("{" + change + "}")!.AsObject();
        foreach (var (key, value) in overlay.ToList()) json[key] = value!.DeepClone();
        if (change.StartsWith("\"kind\"", StringComparison.Ordinal)) json["equivariantPhase"] = new System.Text.Json.Nodes.JsonObject { ["epochs"] = 1 };
        var e = Assert.Throws<ExperimentSpecException>(() => ExperimentSpec.Parse(json.ToJsonString()));
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void ARegistryGroupProvidesGridsAndTapsForALayerListOnABuiltInDataSet()
    {
        var spec = ExperimentSpec.Parse("""
            { "kind": "strategies", "group": "d4", "loss": "cross-entropy",
              "dataset": { "name": "synthetic", "imageSize": 8, "syntheticTrain": 8, "syntheticTest": 4 },
              "architecture": { "name": "layers", "classes": 10, "input": { "channels": 1, "sites": "grid:8" },
                "layers": [ { "type": "conv", "channels": 2, "kernel": 3, "support": "010,111,010" }, { "type": "avgpool", "size": 2 },
                            { "type": "tanh" }, { "type": "dense", "channels": 10, "sites": "invariant" } ] },
              "arms": [ { "name": "aug", "strategy": "augmented", "augmentation": "exact-orbits" } ],
              "augmentedPhase": { "epochs": 1, "batchSize": 4 } }
            """);
        var g = LayerListArchitecture.Model(spec).Geometry();
        // The cross is D4-invariant: the 9 taps form 3 orbits (centre, edge midpoints, corners), the cross drops the corners.
        Assert.Equal((9, 5, 3, 2, true), (g.Layers[0].H, g.Layers[0].L, g.Layers[0].E, g.Layers[0].EIntersectL, g.Layers[0].Compatible));
        var e = Assert.Throws<ExperimentSpecException>(() => ExperimentSpec.Parse(spec.ToJson().Replace("\"imageSize\": 8", "\"imageSize\": 12")));
        Assert.Equal("dataset.imageSize", e.Field);
    }

    [Fact]
    public void AnotherArchitectureRefusesTheLayerListFields()
    {
        var preset = ExperimentPresets.Get("mnist-c4", "quick");
        var e = Assert.Throws<ExperimentSpecException>(() => ExperimentSpecValidator.Validate(preset with
        {
            Architecture = preset.Architecture with { Layers = [new LayerSpec { Type = "tanh" }] },
        }));
        Assert.Equal("architecture.layers", e.Field);
    }
}
