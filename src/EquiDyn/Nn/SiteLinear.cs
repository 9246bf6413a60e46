using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// A dense linear map between feature spaces of the form channels × sites: [batch, C_in, S_in] → [batch, C_out, S_out].
/// </summary>
/// <remarks>
/// A block is one S_out×S_in matrix in row-major order (o, i) ↦ o·S_in + i, i.e. the block of W[c_out, c_in, o, i].
/// The group permutes sites and leaves channels alone, so ρ̄_g A = ρ_out(g) A ρ_in(g)⁻¹ permutes the entries of each
/// block. An invariant head has S_out = 1 with the trivial action; a fully connected layer between trivial features
/// has S_in = S_out = 1 (then E is everything).
/// </remarks>
public sealed class SiteLinear : StructuredLayer
{
    /// <summary>Creates the layer with zero coefficients.</summary>
    public SiteLinear(string name, int inChannels, int inSites, int outChannels, int outSites, BlockGeometry geometry,
        BlockBasis parametrization, ScalarType dtype = ScalarType.Float32)
        : base(name, inChannels, outChannels, geometry, parametrization, dtype)
    {
        if (parametrization.BlockDimension != inSites * outSites)
            throw new ArgumentException(
                $"layer '{name}': {outSites}×{inSites} blocks need {inSites * outSites} entries, the parametrization has {parametrization.BlockDimension}");
        InSites = inSites;
        OutSites = outSites;
        RegisterComponents();
    }

    /// <summary>Sites per input channel S_in.</summary>
    public int InSites { get; }

    /// <summary>Sites per output channel S_out.</summary>
    public int OutSites { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var x = input.reshape(input.shape[0], InChannels * InSites);
        return matmul(x, Operator().t()).reshape(input.shape[0], OutChannels, OutSites);
    }

    /// <inheritdoc />
    /// <remarks>[C_out, C_in, S_out, S_in] → [C_out·S_out, C_in·S_in]: one matmul instead of an einsum over four axes.
    /// A copy when both C_in and S_out exceed 1 (157 MB for 32×32 channels of 196 sites), so under full-batch
    /// training it is made once per step, not per minibatch.</remarks>
    protected override Tensor OperatorFrom(Tensor blocks) =>
        blocks.reshape(OutChannels, InChannels, OutSites, InSites)
            .permute(0, 2, 1, 3).reshape(OutChannels * OutSites, InChannels * InSites);
}
