using EquiDyn.Nn;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Nn;

/// <summary>
/// The initialisers draw and project a large layer a slice of output channels at a time (no float64 copy of a whole
/// 39 M-entry layer). These tests pin the result to the computation they replaced, written out here: one Gaussian draw
/// of the whole layer from the seeded generator, one projection onto E∩L, one cast — to the bit.
/// </summary>
public class SlicedInitializationTests
{
    // 8 → 8 channels between 14×14 grids: 8·8·196² = 2.46 M entries per layer, more than one slice (2²¹ entries).
    private static StructuredNetwork Network() => ImageMlp.Build(ImageMlp.For("zn-x")!, 14, [8, 8], [16], 10);

    [Fact]
    public void ScaledGaussianSlicesEqualOneDrawOfEachWholeLayer()
    {
        using var scope = NewDisposeScope();
        var net = Network();
        Assert.True(net.Layers.Max(l => (long)l.OutChannels * l.InChannels * l.Geometry.Equivariant.BlockDimension) > 1L << 21);
        var blocks = ScaledGaussianInitializer.Initialize(net, 5, _ => (0.1, false));
        var generator = new Generator(5);
        for (int k = 0; k < net.Layers.Count; k++)
        {
            var layer = net.Layers[k];
            var z = randn(new long[] { layer.OutChannels, layer.InChannels, layer.Geometry.Equivariant.BlockDimension },
                dtype: ScalarType.Float64, generator: generator);
            var expected = layer.Geometry.Intersection.Project(z * 0.1).to_type(ScalarType.Float32);
            Assert.True((blocks[k] == expected).all().item<bool>(), $"layer {k}");
            Assert.True((layer.WeightBlocks() == expected).all().item<bool>(), $"layer {k} weights");
        }
    }

    [Fact]
    public void ProjectedGaussianSlicesEqualOneDrawOfEachWholeLayer()
    {
        using var scope = NewDisposeScope();
        var net = Network();
        var blocks = NetworkInitializer.ProjectedGaussian(net, 9);
        var generator = new Generator(9);
        for (int k = 0; k < net.Layers.Count; k++)
        {
            var layer = (SiteLinear)net.Layers[k];
            var a = randn(new long[] { layer.OutChannels, layer.InChannels, layer.Geometry.Equivariant.BlockDimension },
                dtype: ScalarType.Float64, generator: generator) / Math.Sqrt(layer.InChannels * layer.InSites);
            var expected = layer.Geometry.Intersection.Project(a).to_type(ScalarType.Float32);
            Assert.True((blocks[k] == expected).all().item<bool>(), $"layer {k}");
        }
    }
}
