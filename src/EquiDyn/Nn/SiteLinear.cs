using TorchSharp;
using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// A dense linear map between feature spaces of the form channels × sites: [batch, C_in, S_in] → [batch, C_out, S_out].
/// </summary>
/// <remarks>
/// <para>A block is one S_out×S_in matrix in row-major order (o, i) ↦ o·S_in + i, i.e. the block of W[c_out, c_in, o, i].
/// The group permutes sites and leaves channels alone, so ρ̄_g A = ρ_out(g) A ρ_in(g)⁻¹ permutes the entries of each
/// block. An invariant head has S_out = 1 with the trivial action; a fully connected layer between trivial features
/// has S_in = S_out = 1 (then E is everything).</para>
/// <para>Within a step (<see cref="StructuredNetwork.BeginStep()"/>) the layer multiplies with the operator
/// W = [C_out·S_out, C_in·S_in] synthesised once, and every backward pass adds its ∂R/∂W = ĝᵀx in place — straight into
/// θ.grad for the identity basis (a nominal model: θ are the entries), into one W-shaped accumulator otherwise, pushed
/// through M* per output channel when the step completes. No minibatch-sized copy of a weight-sized tensor is made: on
/// the dense 32×32-channel layers between 14×14 grids (39 M entries, 157 MB in float32) the step holds θ, θ.grad and
/// W (plus the accumulator for an orbit basis) and nothing else of that size.</para>
/// </remarks>
public sealed class SiteLinear : StructuredLayer
{
    private FrozenStep? _step;

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
        var y = _step is { } step
            ? (step.Accumulates && is_grad_enabled() ? FrozenProduct.apply(x, step.Operator, Coefficients, step) : x.mm(step.Operator.t()))
            : matmul(x, Operator().t());
        return y.reshape(input.shape[0], OutChannels, OutSites);
    }

    /// <inheritdoc />
    /// <remarks>[C_out, C_in, S_out, S_in] → [C_out·S_out, C_in·S_in]: one matmul instead of an einsum over four axes.
    /// A copy when both C_in and S_out exceed 1 (157 MB for 32×32 channels of 196 sites), so under full-batch
    /// training it is made once per step, not per minibatch.</remarks>
    protected override Tensor OperatorFrom(Tensor blocks) =>
        blocks.reshape(OutChannels, InChannels, OutSites, InSites)
            .permute(0, 2, 1, 3).reshape(OutChannels * OutSites, InChannels * InSites);

    /// <inheritdoc />
    /// <remarks>Synthesises W a slice of output channels at a time (<see cref="StructuredLayer.OutputSlices"/>: the whole
    /// layer when it is small), so that A itself is never materialised next to W on a large layer. With pinned weights the
    /// generic leaf-operator path is used.</remarks>
    internal override void FreezeOperator(bool accumulate)
    {
        if (PinnedWeights is not null)
        {
            base.FreezeOperator(accumulate);
            return;
        }
        using var _ = no_grad();
        using var outer = NewDisposeScope(); // views and grad handles made here must not outlive the call (they pin storage)
        var theta = Coefficients;
        long cOut = OutChannels, cIn = InChannels, sOut = OutSites, sIn = InSites;
        var op = empty(new[] { cOut * sOut, cIn * sIn }, dtype: theta.dtype).DetachFromDisposeScope();
        var rows = op.view(cOut, sOut, cIn, sIn);
        foreach (var (first, count) in OutputSlices())
        {
            using var scope = NewDisposeScope();
            rows.narrow(0, first, count).copy_(WeightBlocks(first, count).view(count, cIn, sOut, sIn).permute(0, 2, 1, 3));
        }
        Tensor? sink = null;
        if (accumulate)
        {
            if (theta.grad is null) theta.grad = zeros_like(theta); // θ holds the gradient; this handle goes with the scope
            if (!Parametrization.IsIdentity) sink = zeros_like(op).DetachFromDisposeScope();
        }
        _step = new FrozenStep(this, op, sink, accumulate);
    }

    /// <inheritdoc />
    /// <remarks>For an orbit basis the accumulated ∂R/∂W goes through M* a slice of output channels at a time. For the identity
    /// basis the gradient is already in θ.grad (added by every backward pass), also when the step is dropped.</remarks>
    internal override void ReleaseOperator(bool pushGradient)
    {
        if (_step is not { } step)
        {
            base.ReleaseOperator(pushGradient);
            return;
        }
        _step = null;
        if (pushGradient && step.Sink is { } sink)
        {
            using var _ = no_grad();
            using var outer = NewDisposeScope();
            var grad = Coefficients.grad!;
            long cIn = InChannels, sOut = OutSites, sIn = InSites;
            var rows = sink.view(OutChannels, sOut, cIn, sIn);
            foreach (var (first, count) in OutputSlices())
            {
                using var scope = NewDisposeScope();
                grad.narrow(0, first, count).add_(
                    Parametrization.Analyze(rows.narrow(0, first, count).permute(0, 2, 1, 3).reshape(count, cIn, sOut * sIn)));
            }
        }
        step.Operator.Dispose();
        step.Sink?.Dispose();
    }

    /// <summary>The operator W frozen for one step and where the backward passes add ∂R/∂W.</summary>
    private sealed class FrozenStep(SiteLinear layer, Tensor op, Tensor? sink, bool accumulates)
    {
        public Tensor Operator { get; } = op;

        /// <summary>Whether backward passes add to θ's gradient (false: an evaluation-only freeze).</summary>
        public bool Accumulates { get; } = accumulates;

        /// <summary>The W-shaped accumulator (orbit bases), or null when the gradient goes straight into θ.grad.</summary>
        public Tensor? Sink { get; } = sink;

        /// <summary>Adds ∂R/∂W = ĝᵀx of one backward pass (ĝ = ∂R/∂y, [b, C_out·S_out]; x = [b, C_in·S_in]).</summary>
        /// <remarks>The product is formed as ĝᵀx, the operand order libtorch's mm backward uses for y = x·Wᵀ. For the
        /// identity basis it is formed for a slice of output channels at a time (<see cref="StructuredLayer.OutputSlices"/>:
        /// the whole layer when it is small, one channel of [S_out, C_in·S_in], 4.9 MB, on the largest) and added into
        /// θ.grad's [count, C_in, S_out, S_in] view; otherwise added into the accumulator by one in-place GEMM.
        /// StepSynthesisTests pins the nominal result to plain backpropagation to the bit on every full-batch preset.</remarks>
        public void Accumulate(Tensor gradOutput, Tensor input)
        {
            using var _ = no_grad();
            using var outer = NewDisposeScope();
            if (Sink is { } sink)
            {
                sink.addmm_(gradOutput.t(), input);
                return;
            }
            long cIn = layer.InChannels, sOut = layer.OutSites, sIn = layer.InSites;
            var grad = layer.Coefficients.grad!.view(layer.OutChannels, cIn, sOut, sIn);
            foreach (var (first, count) in layer.OutputSlices())
            {
                using var scope = NewDisposeScope();
                var part = gradOutput.narrow(1, first * sOut, count * sOut).t().mm(input); // [count·S_out, C_in·S_in]
                grad.narrow(0, first, count).add_(part.view(count, sOut, cIn, sIn).permute(0, 2, 1, 3));
            }
        }
    }

    /// <summary>y = x·Wᵀ with a frozen W whose gradient is accumulated in place by <see cref="FrozenStep.Accumulate"/>
    /// rather than returned (a returned gradient would be a fresh W-sized tensor per backward pass). θ is an input only
    /// so that the node is part of the graph even when x needs no gradient (the first layer); its returned gradient is
    /// undefined, i.e. zero.</summary>
    private sealed class FrozenProduct : autograd.SingleTensorFunction<FrozenProduct>
    {
        public override string Name => nameof(FrozenProduct);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            var op = (Tensor)vars[1];
            ctx.save_for_backward(new List<Tensor> { x });
            ctx.save_data("step", vars[3]);
            ctx.save_data("inputGrad", x.requires_grad);
            return x.mm(op.t());
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            var x = ctx.get_saved_variables()[0];
            var step = (FrozenStep)ctx.get_data("step");
            step.Accumulate(gradOutput, x);
            var inputGrad = (bool)ctx.get_data("inputGrad") ? gradOutput.mm(step.Operator) : null;
            return new List<Tensor> { inputGrad!, null!, null!, null! };
        }
    }
}
