using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// A linear layer whose channel-pair blocks are A = Mθ for a parametrization M (a <see cref="BlockBasis"/>), with the
/// layer's symmetry geometry attached: the weights of every model of EquiDyn live in L (or E∩L) this way.
/// </summary>
/// <remarks>
/// Coefficients θ have shape [C_out, C_in, p]; the weight blocks A = Mθ have shape [C_out, C_in, D]. A nominal or
/// augmented model uses a basis of L (unitary: orthonormal; or the paper's non-unitary random basis); an equivariant
/// model uses an orthonormal basis of E∩L, so that plain gradient descent on θ is the flow Ȧ = −Π_{E∩L}∇R.
/// </remarks>
public abstract class StructuredLayer : nn.Module<Tensor, Tensor>
{
    private readonly Parameter coefficients;

    /// <summary>Creates the layer with zero coefficients.</summary>
    protected StructuredLayer(string name, int inChannels, int outChannels, BlockGeometry geometry, BlockBasis parametrization,
        ScalarType dtype) : base(name)
    {
        if (parametrization.BlockDimension != geometry.Equivariant.BlockDimension)
            throw new ArgumentException(
                $"layer '{name}': parametrization has blocks of {parametrization.BlockDimension} entries but the geometry has {geometry.Equivariant.BlockDimension}",
                nameof(parametrization));
        InChannels = inChannels;
        OutChannels = outChannels;
        Geometry = geometry;
        Parametrization = parametrization;
        coefficients = new Parameter(zeros(outChannels, inChannels, parametrization.Count, dtype: dtype));
    }

    /// <summary>Input channels C_in.</summary>
    public int InChannels { get; }

    /// <summary>Output channels C_out.</summary>
    public int OutChannels { get; }

    /// <summary>E, L and E∩L of one channel-pair block.</summary>
    public BlockGeometry Geometry { get; }

    /// <summary>The synthesis map M: θ ↦ A of this layer.</summary>
    public BlockBasis Parametrization { get; }

    /// <summary>The trainable coefficients θ, shape [C_out, C_in, p].</summary>
    public Parameter Coefficients => coefficients;

    /// <summary>The weight blocks A = Mθ, shape [C_out, C_in, D] (differentiable in θ), or the pinned point of H
    /// while one is set (see <see cref="StructuredNetwork.PinWeights"/>).</summary>
    public Tensor WeightBlocks() => PinnedWeights ?? Parametrization.Synthesize(coefficients);

    /// <summary>When set, the layer computes with these blocks instead of Mθ: a way to evaluate the network, and
    /// differentiate it, at any point A of the ambient space H, inside or outside L.</summary>
    internal Tensor? PinnedWeights { get; set; }

    /// <summary>The blocks A rearranged into the tensor the layer's forward pass multiplies with (a matrix for a dense
    /// layer, a kernel for a convolution); differentiable, and a view of A when no rearrangement is needed.</summary>
    protected abstract Tensor OperatorFrom(Tensor blocks);

    /// <summary>The operator the forward pass uses: the one frozen for the current step (see
    /// <see cref="StructuredNetwork.BeginStep"/>), or a fresh <see cref="OperatorFrom"/>(<see cref="WeightBlocks"/>).</summary>
    protected Tensor Operator() => StepOperator ?? OperatorFrom(WeightBlocks());

    /// <summary>The operator frozen for one step: a leaf that collects ∂R/∂(operator) over the step's minibatches.</summary>
    internal Tensor? StepOperator { get; private set; }

    /// <summary>Synthesises the operator once (no graph) as a leaf that requires a gradient.</summary>
    internal void FreezeOperator()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var op = OperatorFrom(WeightBlocks());
        op = op.is_contiguous() ? op.clone() : op.contiguous(); // never a view of θ: θ changes after the step
        StepOperator = op.requires_grad_(true).DetachFromDisposeScope();
    }

    /// <summary>Adds the accumulated operator gradient to θ's through the synthesis map: one backward through
    /// θ ↦ OperatorFrom(Mθ) per step, the chain rule the per-minibatch graph applied every minibatch. Then drops the
    /// frozen operator.</summary>
    internal void ReleaseOperator(bool pushGradient)
    {
        var frozen = StepOperator;
        if (frozen is null) return;
        StepOperator = null;
        using (var scope = NewDisposeScope())
        {
            if (pushGradient && frozen.grad is { } g)
                OperatorFrom(WeightBlocks()).backward(new[] { g });
        }
        frozen.Dispose();
    }

    /// <summary>Sets θ so that Mθ is the given weight blocks (least squares when M is not unitary).</summary>
    /// <remarks>The least-squares system is solved in float64 whatever the parameter type: a random non-unitary basis
    /// can be ill-conditioned, and a float32 solve would already move the transferred point off E∩L.</remarks>
    public void LoadWeightBlocks(Tensor blocks)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        coefficients.copy_(Parametrization.LeastSquaresCoefficients(blocks.to_type(ScalarType.Float64)).to_type(coefficients.dtype));
    }

    /// <summary>Sets θ directly.</summary>
    public void LoadCoefficients(Tensor theta)
    {
        using var _ = no_grad();
        coefficients.copy_(theta);
    }
}
