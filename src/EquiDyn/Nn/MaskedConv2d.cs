using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// A k×k convolution (k odd, 3 in the paper; stride 1, zero padding k/2, no bias) whose kernels live in the layer's
/// admissible space, e.g. the kernels supported on a set of taps ω.
/// </summary>
/// <remarks>
/// A block is the k² taps of one (out, in) kernel in row-major order (r, c) ↦ k·r + c; k is read off the block size. Convolution is translation
/// equivariant by construction; the rotation group acts on the taps only, so E, L and E∩L are subspaces of ℝ^(k²).
/// </remarks>
public sealed class MaskedConv2d : StructuredLayer
{
    /// <summary>Creates the convolution with zero coefficients.</summary>
    public MaskedConv2d(string name, int inChannels, int outChannels, BlockGeometry geometry, BlockBasis parametrization,
        ScalarType dtype = ScalarType.Float32)
        : base(name, inChannels, outChannels, geometry, parametrization, dtype)
    {
        int side = (int)Math.Round(Math.Sqrt(parametrization.BlockDimension));
        if (side * side != parametrization.BlockDimension || side % 2 == 0)
            throw new ArgumentException($"layer '{name}': a k×k convolution (k odd) needs blocks of k² taps, got {parametrization.BlockDimension}");
        Side = side;
        RegisterComponents();
    }

    /// <summary>The kernel side k.</summary>
    public int Side { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => nn.functional.conv2d(input, Operator(), padding: new long[] { Side / 2, Side / 2 });

    /// <inheritdoc />
    protected override Tensor OperatorFrom(Tensor blocks) => blocks.reshape(OutChannels, InChannels, Side, Side);
}
