using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Training;

/// <summary>
/// LayerTelemetry computes its float64 norms a slice of output channels at a time on large layers. Pinned against one
/// float64 norm of the whole layer: equal to float64 rounding, and to the bit on layers that are one slice. The two sum
/// N ≈ 2.5 M squares in different orders; each sum's rounding error is of order √N·ε ≈ 2e-13 relative (ε = 1.1e-16),
/// so 1e-12 relative bounds their difference without hiding any real discrepancy (a wrong slice would be O(1)).
/// </summary>
public class LayerTelemetryTests
{
    [Fact]
    public void SlicedNormsEqualWholeLayerNormsToFloat64Rounding()
    {
        using var scope = NewDisposeScope();
        var net = ImageMlp.Build(ImageMlp.For("zn-x")!, 14, [8, 8], [16], 10); // the 8 → 8 grid layer has 2.46 M entries: two slices
        ImageMlp.InitializeAsPaper(net, 14, 3);
        var start = LayerTelemetry.StartingPoint(net);
        var startWhole = LayerTelemetry.Snapshot(net);
        using (no_grad())
            foreach (var theta in net.Coefficients) theta.add_(randn_like(theta) * 1e-3);

        var norms = LayerTelemetry.Norms(net);
        var distances = LayerTelemetry.DistancesToIntersection(net);
        var travelled = LayerTelemetry.DistancesFrom(net, start);
        for (int k = 0; k < net.Layers.Count; k++)
        {
            var layer = net.Layers[k];
            var a = layer.WeightBlocks().to_type(ScalarType.Float64);
            bool oneSlice = (long)layer.OutChannels * layer.InChannels * layer.Geometry.Equivariant.BlockDimension <= LayerTelemetry.SliceEntries;
            Check(norms[k], a.norm().item<double>(), oneSlice, $"norm {k}");
            Check(distances[k], (a - layer.Geometry.Intersection.Project(a)).norm().item<double>(), oneSlice, $"distance {k}");
            Check(travelled[k], (a - startWhole[k]).norm().item<double>(), oneSlice, $"travelled {k}");
        }
        Assert.True(distances.Max() > 0); // a nominal model moved off E∩L: the check is not vacuous

        static void Check(double sliced, double whole, bool exact, string what)
        {
            if (exact) Assert.Equal(whole, sliced);
            else Assert.True(Math.Abs(sliced - whole) <= 1e-12 * whole, $"{what}: {sliced} vs {whole}");
        }
    }

    /// <summary>
    /// The trainer's per-step ‖A_k‖ and ‖A_k − A_k⁰‖ (<see cref="LayerTelemetry.Travel"/>) read an orthonormal layer's
    /// norms off θ, since ‖Mθ‖ = ‖θ‖ when M*M = I. Against the norms of the synthesised float64 blocks on the C4 CNN
    /// built in E∩L (orbit basis), in L with the unitary and the rotated unitary bases (orthonormal) and with the
    /// non-unitary basis (not orthonormal: the blocks' path, so equal to the bit). The orthonormal bases hold to float64
    /// rounding: each of the ≤ 9 entries of a block is a sum of ≤ 9 products, norms over ≤ 2,000 blocks, so 1e-13
    /// relative bounds rounding and nothing else (a basis that is not orthonormal would be off by O(1)).
    /// </summary>
    [Theory]
    [InlineData("cross", "unitary", true)]
    [InlineData("skew", "unitary", true)]
    [InlineData("cross", "unitary-rotated", true)]
    [InlineData("cross", "non-unitary", false)]
    [InlineData("cross", "unitary", false)]
    public void TravelReadsOrthonormalLayersOffTheirCoefficients(string support, string basis, bool equivariant)
    {
        using var scope = NewDisposeScope();
        var spec = EquiDyn.Tests.Experiments.RunnerTests.Tiny("unused");
        var arm = new EquiDyn.Experiments.ArmSpec
        {
            Name = "a", Support = support, Augmentation = EquiDyn.Experiments.AugmentationKind.OrbitDataset,
            Basis = EquiDyn.Experiments.SpecNames.TryParse<KernelBasisKind>(basis, out var kind) ? kind : throw new ArgumentException(basis),
        };
        var architecture = EquiDyn.Architectures.ArchitectureRegistry.Of(spec);
        var space = equivariant ? EquiDyn.Architectures.ModelSpace.Equivariant : EquiDyn.Architectures.ModelSpace.Admissible;
        var net = architecture.Build(spec, arm, space, ScalarType.Float64, runSeed: 3);
        if (equivariant) architecture.Initialize(net, spec, arm, 3);
        else
        {
            var eqv = architecture.Build(spec, arm, EquiDyn.Architectures.ModelSpace.Equivariant, ScalarType.Float64, runSeed: 3);
            architecture.Initialize(eqv, spec, arm, 3);
            net.LoadWeightsFrom(eqv);
        }
        var origin = LayerTelemetry.Origin(net);
        var start = LayerTelemetry.StartingPoint(net);
        using (no_grad())
            foreach (var theta in net.Coefficients) theta.add_(randn(theta.shape, dtype: theta.dtype, generator: new Generator(5)) * 0.1);

        var (norms, travelled) = LayerTelemetry.Travel(net, origin);
        var blockNorms = LayerTelemetry.Norms(net);
        var blockTravelled = LayerTelemetry.DistancesFrom(net, start);
        bool orthonormal = net.Layers.All(l => l.Parametrization.IsOrthonormal);
        Assert.Equal(basis != "non-unitary", orthonormal);
        for (int k = 0; k < net.Layers.Count; k++)
        {
            Assert.True(travelled[k] > 0.01, "the model moved: the check is not vacuous");
            if (orthonormal)
            {
                Assert.True(Math.Abs(norms[k] - blockNorms[k]) <= 1e-13 * blockNorms[k], $"layer {k}: ‖θ‖ {norms[k]:R} vs ‖Mθ‖ {blockNorms[k]:R}");
                Assert.True(Math.Abs(travelled[k] - blockTravelled[k]) <= 1e-13 * blockTravelled[k], $"layer {k}: {travelled[k]:R} vs {blockTravelled[k]:R}");
            }
            else
            {
                Assert.Equal(blockNorms[k], norms[k]);
                Assert.Equal(blockTravelled[k], travelled[k]);
            }
        }
    }

    [Fact]
    public void SquaredNormOverSlicesEqualsOneFloat64Sum()
    {
        using var scope = NewDisposeScope();
        var g = randn(new long[] { 40, 8, 38416 }, generator: new Generator(1)); // 12.3 M entries: several slices
        double whole = g.to_type(ScalarType.Float64).pow(2).sum().item<double>();
        Assert.True(Math.Abs(LayerTelemetry.SquaredNorm(g) - whole) <= 1e-12 * whole);
        var small = g.narrow(0, 0, 2);
        Assert.Equal(small.to_type(ScalarType.Float64).pow(2).sum().item<double>(), LayerTelemetry.SquaredNorm(small));
    }
}
