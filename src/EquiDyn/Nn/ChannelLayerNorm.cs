using TorchSharp;
using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// LayerNorm without affine parameters over the channel axis at every site: [b, C, S…] → [b, C, S…], each site's C
/// values normalised to mean 0 and variance 1 (the segmentation net's "LayerNorm over the 2 channels at each pixel").
/// </summary>
/// <remarks>
/// y[b, c, s] = (x[b, c, s] − μ[b, s]) / √(σ²[b, s] + ε), with μ, σ² the mean and (biased) variance over c. The group
/// permutes sites and moves every channel alike, so normalising each site's channel vector commutes with it:
/// y(ρ(g)x) = ρ(g)y(x). Implemented by moving the channel axis last and calling layer_norm over it (docs/experiments/rotation.md).
/// </remarks>
public sealed class ChannelLayerNorm : nn.Module<Tensor, Tensor>
{
    private readonly long _channels;
    private readonly double _eps;

    /// <summary>Creates the stage for <paramref name="channels"/> channels (ε = 1e-5, PyTorch's default).</summary>
    public ChannelLayerNorm(int channels, double eps = 1e-5) : base("channel_layer_norm")
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "needs at least one channel");
        _channels = channels;
        _eps = eps;
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (input.dim() < 2 || input.shape[1] != _channels)
            throw new ArgumentException($"expected [b, {_channels}, …], got [{string.Join(", ", input.shape)}]");
        var last = input.movedim(new long[] { 1 }, new long[] { -1 });
        return nn.functional.layer_norm(last, new[] { _channels }, eps: _eps).movedim(new long[] { -1 }, new long[] { 1 });
    }
}
