using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// The paper code's initialisation of its MLPs (docs/experiments/): scaled Gaussian blocks, per layer, then the
/// orthogonal projection onto E∩L, loaded into the network.
/// </summary>
/// <remarks>
/// For every layer k, A_k = Π_{E∩L}(s_k·Z_k) with Z_k standard Gaussian of shape [C_out, C_in, D] — or, when the rule asks
/// for it, of shape [C_out, C_in, S_out, 1] broadcast over the S_in input sites ("constant over the positions", the
/// code's invariant heads; such a block already lies in E for a head whose output is invariant). The draws use one
/// generator seeded with the seed, in layer order, in float64, and are cast to each layer's dtype after projecting.
/// <see cref="NetworkInitializer.ProjectedGaussian"/> is the generic fan-in variant.
/// </remarks>
public static class ScaledGaussianInitializer
{
    /// <summary>Initialises every layer of <paramref name="network"/> and returns the loaded blocks (A_k ∈ E∩L), so
    /// that other networks of the same architecture can start from the same point.</summary>
    /// <param name="network">The network to initialise.</param>
    /// <param name="seed">Seed of the Gaussian draws.</param>
    /// <param name="rule">Per layer: the scale s_k and whether the draw is constant over the input sites (SiteLinear only).</param>
    /// <exception cref="ArgumentException">A rule asks for a constant draw on a layer that is not a <see cref="SiteLinear"/>.</exception>
    public static Tensor[] Initialize(StructuredNetwork network, long seed,
        Func<StructuredLayer, (double Scale, bool ConstantOverInputSites)> rule)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(rule);
        using var _ = no_grad();
        var generator = new Generator((ulong)seed);
        var blocks = new List<Tensor>();
        foreach (var layer in network.Layers)
        {
            using var scope = NewDisposeScope();
            var (scale, constant) = rule(layer);
            long d = layer.Geometry.Equivariant.BlockDimension;
            long cOut = layer.OutChannels, cIn = layer.InChannels;
            Tensor z;
            if (constant)
            {
                if (layer is not SiteLinear site)
                    throw new ArgumentException($"layer '{layer.GetName()}': a draw constant over input sites needs a SiteLinear layer");
                z = randn(new[] { cOut, cIn, (long)site.OutSites, 1 }, dtype: ScalarType.Float64, generator: generator)
                    .expand(cOut, cIn, site.OutSites, site.InSites).reshape(cOut, cIn, d);
            }
            else
            {
                z = randn(new[] { cOut, cIn, d }, dtype: ScalarType.Float64, generator: generator);
            }
            var projected = layer.Geometry.Intersection.Project(z * scale).to_type(layer.Coefficients.dtype);
            layer.LoadWeightBlocks(projected);
            blocks.Add(projected.MoveToOuterDisposeScope());
        }
        return blocks.ToArray();
    }
}
