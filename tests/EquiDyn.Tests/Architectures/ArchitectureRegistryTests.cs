using EquiDyn.Architectures;
using EquiDyn.Experiments;
using EquiDyn.Nn;
using EquiDyn.Tests.Experiments;
using EquiDyn.Tests.Support;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Architectures;

/// <summary>The contract of <see cref="IArchitecture"/> on every registered architecture, at the tiny sizes of
/// <see cref="PresetPinTests"/> (one spec per preset, every arm), in float64.</summary>
public class ArchitectureRegistryTests
{
    public static TheoryData<string, string> Specs => PresetPinTests.Overlays;

    [Theory]
    [MemberData(nameof(Specs))]
    public void EveryArmsNetworksMatchTheirDescriptionAndStartInvariantInEitherSpace(string preset, string overlay)
    {
        var spec = ExperimentSpec.Parse(overlay);
        var architecture = ArchitectureRegistry.Of(spec);
        foreach (var arm in spec.Arms.DistinctBy(a => (a.Group, a.Support, a.Basis)))
        {
            using var scope = NewDisposeScope();
            var inL = architecture.Build(spec, arm, ModelSpace.Admissible, ScalarType.Float64, runSeed: 3);
            var inE = architecture.Build(spec, arm, ModelSpace.Equivariant, ScalarType.Float64, runSeed: 3);
            var layers = architecture.Describe(spec, arm);
            string at = $"{preset}/{arm.Name}";
            Assert.Equal(layers.Select(l => l.Layer), inL.Layers.Select(l => l.GetName()));
            Assert.Equal(layers.Select(l => l.Layer), inE.Layers.Select(l => l.GetName()));
            for (int k = 0; k < layers.Count; k++)
            {
                var g = layers[k].Geometry;
                Assert.True(g.AdmissibleDimension == inL.Layers[k].Parametrization.Count, $"{at} {layers[k].Layer}: dim L");
                Assert.True(g.IntersectionDimension == inE.Layers[k].Parametrization.Count, $"{at} {layers[k].Layer}: dim E∩L");
                Assert.Equal(layers[k].ChannelPairs, (long)inL.Layers[k].OutChannels * inL.Layers[k].InChannels);
            }

            // The same initial point of E∩L whichever space the network is built in.
            var fromL = architecture.Initialize(inL, spec, arm, seed: 5);
            var fromE = architecture.Initialize(inE, spec, arm, seed: 5);
            for (int k = 0; k < fromL.Length; k++)
                Assert.True((fromL[k] - fromE[k]).abs().max().item<double>() < 1e-14, $"{at}: initial points differ in layer {k}");

            // …at which both networks compute the same invariant (or equivariant) function of the data.
            var action = architecture.DataAction(spec, arm);
            int n = spec.Dataset.Side;
            var x = randn(new long[] { 3, 1, n, n }, dtype: ScalarType.Float64, generator: new Generator(9));
            Assert.True((inL.call(x) - inE.call(x)).abs().max().item<double>() < 1e-12, $"{at}: the two spaces compute different functions");
            if (action.Elements is not null) EquivarianceAssert.Holds(x => inL.call(x), action, x, tolerance: 1e-10);
        }
    }

    [Fact]
    public void TheRegistryNamesThePapersArchitecturesAndRefusesUnknownOnesWithASuggestion()
    {
        Assert.Equal(new[] { "rotation-convnet", "paper-mlp" }, ArchitectureRegistry.Names.Take(2));
        var e = Assert.Throws<ExperimentSpecException>(() => ArchitectureRegistry.Get("rotation-convnett"));
        Assert.Equal("architecture.name: 'rotation-convnett' is not one of " + string.Join(", ", ArchitectureRegistry.Names) +
                     "; did you mean 'rotation-convnet'?", e.Message);
        Assert.Throws<ArgumentException>(() => ArchitectureRegistry.Register(new RotationConvNetArchitecture()));
    }

    [Fact]
    public void ARegisteredArchitectureIsNamedBySpecsAndRunByTheRunner()
    {
        // One class and one registration: a C4 CNN that starts from the MLPs' kind of point (here simply a renamed
        // copy of the paper's CNN, which is enough to show the plumbing).
        if (!ArchitectureRegistry.TryGet("renamed-convnet", out _)) ArchitectureRegistry.Register(new RenamedConvNet());
        var spec = ExperimentSpec.Parse(PresetPinTests.Overlays.First(o => (string)o[0] == "mnist-c4")[1].ToString()!
            .Replace("\"architecture\": { \"hidden\": [2, 3, 3] }", "\"architecture\": { \"name\": \"renamed-convnet\", \"hidden\": [2, 3, 3] }"));
        Assert.Equal("renamed-convnet", spec.Architecture.Name);
        using var root = new EquiDyn.Tests.Data.TempDirectory();
        using var data = ExperimentData.Load(spec.Dataset);
        var results = new ExperimentRunner(spec with { Arms = spec.Arms.Take(1).ToList() }, root.Path).Run(data, Shard.All);
        Assert.Single(results);
        Assert.True(results[0].Summary.FinalDistance > 0);
    }

    private sealed class RenamedConvNet : IArchitecture
    {
        private readonly RotationConvNetArchitecture _cnn = new();

        public string Name => "renamed-convnet";

        public string Description => "the paper's C4 CNN under another name (a test)";

        public void Validate(ExperimentSpec spec) => _cnn.Validate(spec);

        public StructuredNetwork Build(ExperimentSpec spec, ArmSpec arm, ModelSpace space, ScalarType dtype, long runSeed) =>
            _cnn.Build(spec, arm, space, dtype, runSeed);

        public Tensor[] Initialize(StructuredNetwork network, ExperimentSpec spec, ArmSpec arm, long seed) => _cnn.Initialize(network, spec, arm, seed);

        public IReadOnlyList<LayerDescription> Describe(ExperimentSpec spec, ArmSpec arm) => _cnn.Describe(spec, arm);

        public DataGroupAction DataAction(ExperimentSpec spec, ArmSpec arm) => _cnn.DataAction(spec, arm);
    }
}
