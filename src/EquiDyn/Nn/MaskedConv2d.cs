using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// A k×k convolution (k odd, 3 in the paper; stride 1, zero padding k/2, no bias) whose kernels live in the layer's
/// admissible space, e.g. the kernels supported on a set of taps ω.
/// </summary>
/// <remarks>
/// <para>A block is the k² taps of one (out, in) kernel in row-major order (r, c) ↦ k·r + c; k is read off the block size. Convolution is translation
/// equivariant by construction; the rotation group acts on the taps only, so E, L and E∩L are subspaces of ℝ^(k²).</para>
/// <para>In float64, when the parametrization's kernels are zero on some taps (the cross or skew support ω of the
/// paper, 5 of 9 taps), the convolution is computed as Σ over the support taps t of W[:, :, t] times the input
/// shifted by t: the shifted inputs of all channels are stacked into one [C_in·|ω|, b·h·w] matrix and multiplied with
/// the [C_out, C_in·|ω|] kernel matrix in one matmul (one large dgemm). The result is the same convolution — the
/// taps outside ω contribute exactly zero — with its sums in another order (relative differences at float64
/// rounding, 1e-16; <c>MaskedConv2dTests</c>), and the gradient it gives θ is the same because M* reads only the
/// support taps. Written by hand because libtorch has no fast float64 convolution on the CPU: oneDNN takes float32
/// only, and the fallback (slow_conv2d) unfolds all k² taps and runs one small matrix product per image, which made
/// the exact-orbit float64 arm of the main experiment 2.7–3.8× its float32 twin (docs/performance.md). In float32,
/// for weights pinned at a point of H (whose taps outside ω may be non-zero, and whose full gradient callers read)
/// and for a full support, the layer calls libtorch's convolution.</para>
/// </remarks>
public sealed class MaskedConv2d : StructuredLayer
{
    private readonly long[]? _supportTaps; // null: the support is every tap

    /// <summary>Creates the convolution with zero coefficients.</summary>
    public MaskedConv2d(string name, int inChannels, int outChannels, BlockGeometry geometry, BlockBasis parametrization,
        ScalarType dtype = ScalarType.Float32)
        : base(name, inChannels, outChannels, geometry, parametrization, dtype)
    {
        int side = (int)Math.Round(Math.Sqrt(parametrization.BlockDimension));
        if (side * side != parametrization.BlockDimension || side % 2 == 0)
            throw new ArgumentException($"layer '{name}': a k×k convolution (k odd) needs blocks of k² taps, got {parametrization.BlockDimension}");
        Side = side;
        SupportTaps = SupportOf(parametrization);
        if (SupportTaps.Count < parametrization.BlockDimension)
            _supportTaps = SupportTaps.Select(t => (long)t).ToArray();
        RegisterComponents();
    }

    /// <summary>The kernel side k.</summary>
    public int Side { get; }

    /// <summary>The taps (row-major indices k·r + c) on which some kernel Mθ of the parametrization can be non-zero,
    /// in increasing order.</summary>
    public IReadOnlyList<int> SupportTaps { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var kernel = Operator();
        if (input.dtype != ScalarType.Float64 || _supportTaps is null || PinnedWeights is not null)
            return nn.functional.conv2d(input, kernel, padding: new long[] { Side / 2, Side / 2 });
        return SupportConvolution(input, kernel);
    }

    /// <summary>The convolution as one matrix product over the support taps (see the remarks).</summary>
    private Tensor SupportConvolution(Tensor input, Tensor kernel)
    {
        long batch = input.shape[0], height = input.shape[2], width = input.shape[3];
        int taps = SupportTaps.Count, pad = Side / 2;
        var weights = kernel.reshape(OutChannels, InChannels, Side * Side).index_select(2, tensor(_supportTaps!))
            .reshape(OutChannels, InChannels * taps);
        var padded = nn.functional.pad(input.transpose(0, 1), new long[] { pad, pad, pad, pad }); // [C_in, b, h+2p, w+2p]
        var shifted = new Tensor[taps];
        for (int t = 0; t < taps; t++)
        {
            int r = SupportTaps[t] / Side, c = SupportTaps[t] % Side;
            shifted[t] = padded.narrow(2, r, height).narrow(3, c, width);
        }
        var columns = stack(shifted, 1).reshape(InChannels * taps, batch * height * width); // [C_in·|ω|, b·h·w]
        return weights.matmul(columns).reshape(OutChannels, batch, height, width).transpose(0, 1);
    }

    /// <summary>The taps where some column of M is non-zero (M synthesised from the identity in float64).</summary>
    private static int[] SupportOf(BlockBasis parametrization)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var columns = parametrization.Synthesize(eye(parametrization.Count, dtype: ScalarType.Float64)); // [p, D]
        var used = columns.abs().sum(dim: 0).data<double>().ToArray();
        return Enumerable.Range(0, used.Length).Where(t => used[t] != 0).ToArray();
    }

    /// <inheritdoc />
    protected override Tensor OperatorFrom(Tensor blocks) => blocks.reshape(OutChannels, InChannels, Side, Side);
}
