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
