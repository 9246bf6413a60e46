using EquiDyn.Nn;
using static TorchSharp.torch;

namespace EquiDyn.Ensembles;

/// <summary>Starting points of ensemble members in L.</summary>
public static class EnsembleInitializer
{
    /// <summary>
    /// Draws every block entry of H from N(0, 1/fan_in), projects it onto L (not E∩L) and loads it: the law of the
    /// start is the Gaussian on L, invariant under the group whenever L is (the cross support: C4 permutes L's taps), and
    /// the same in A-space whatever the parametrization (a non-unitary basis gets the least-squares coefficients).
    /// </summary>
    public static void GaussianInL(StructuredNetwork network, long seed)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        foreach (var layer in network.Layers)
        {
            long d = layer.Geometry.Equivariant.BlockDimension;
            long inDim = layer is SiteLinear s ? s.InSites : d;
            var a = randn(new long[] { layer.OutChannels, layer.InChannels, d }, dtype: ScalarType.Float64, generator: generator)
                    / Math.Sqrt(layer.InChannels * inDim);
            layer.LoadWeightBlocks(layer.Geometry.Admissible.Project(a));
        }
    }
}
