using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// A 3×3 convolution (stride 1, zero padding 1, no bias) whose kernels live in the layer's admissible space, e.g. the
/// kernels supported on a set of taps ω.
/// </summary>
/// <remarks>
/// A block is the 9 taps of one (out, in) kernel in row-major order (r, c) ↦ 3r + c. Convolution is translation
/// equivariant by construction; the rotation group acts on the taps only, so E, L and E∩L are subspaces of ℝ⁹.
/// </remarks>
public sealed class MaskedConv2d : StructuredLayer
{
    /// <summary>Creates the convolution with zero coefficients.</summary>
    public MaskedConv2d(string name, int inChannels, int outChannels, BlockGeometry geometry, BlockBasis parametrization,
        ScalarType dtype = ScalarType.Float32)
        : base(name, inChannels, outChannels, geometry, parametrization, dtype)
    {
        if (parametrization.BlockDimension != 9)
            throw new ArgumentException($"layer '{name}': a 3×3 convolution needs blocks of 9 taps, got {parametrization.BlockDimension}");
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => nn.functional.conv2d(input, Operator(), padding: new long[] { 1, 1 });

    /// <inheritdoc />
    protected override Tensor OperatorFrom(Tensor blocks) => blocks.reshape(OutChannels, InChannels, 3, 3);
}
