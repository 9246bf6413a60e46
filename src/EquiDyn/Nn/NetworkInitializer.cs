using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>Random starting points in E∩L, shared by all strategies of a comparison.</summary>
public static class NetworkInitializer
{
    /// <summary>
    /// Draws every block entry from N(0, 1/fan_in) (fan_in = C_in × the block's in-dimension), projects it onto E∩L and
    /// loads it into the network; returns the blocks so other networks can start from the same point.
    /// </summary>
    /// <remarks>The paper's v1 recipe: "drawing matrices randomly from a standard Gaussian … then projecting them
    /// orthogonally onto E", with the scale of its code.</remarks>
    public static Tensor[] ProjectedGaussian(StructuredNetwork network, long seed)
    {
        using var _ = no_grad();
        var generator = new Generator((ulong)seed);
        var blocks = new List<Tensor>();
        foreach (var layer in network.Layers)
        {
            var dtype = layer.Coefficients.dtype;
            long d = layer.Geometry.Equivariant.BlockDimension;
            long inDim = layer is SiteLinear s ? s.InSites : d;
            using var scope = NewDisposeScope();
            // Slice by slice of output channels (Π_{E∩L} acts on each block alone): the same numbers, no float64 copy of
            // a whole layer.
            var projected = empty(new long[] { layer.OutChannels, layer.InChannels, d }, dtype: dtype);
            GaussianSlices.Draw(layer, generator, (first, count, a) =>
                projected.narrow(0, first, count).copy_(layer.Geometry.Intersection.Project(a / Math.Sqrt(layer.InChannels * inDim)).to_type(dtype)));
            projected = projected.DetachFromDisposeScope();
            layer.LoadWeightBlocks(projected);
            blocks.Add(projected);
        }
        return blocks.ToArray();
    }
}
