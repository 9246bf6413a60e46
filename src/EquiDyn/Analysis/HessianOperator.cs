using TorchSharp;
using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>The Hessian ∇²R(θ) of a scalar risk closure at a fixed point θ, applied to vectors by double backward.</summary>
/// <remarks>
/// <para>Contract: for a C² risk R: ℝⁿ → ℝ given as a differentiable closure θ ↦ R(θ) (a 0-dim float64 tensor built from
/// θ with TorchSharp operations), <see cref="Apply"/> returns H·v = ∇_θ⟨∇_θR(θ), v⟩, the exact Hessian-vector product
/// up to rounding (no finite differences). One product costs about two risk evaluations.</para>
/// <para>Each evaluation differentiates a fresh leaf copy of θ inside its own dispose scope, so the closure may be
/// called any number of times without leaking graph memory, and the caller's θ is never touched. TorchSharp's
/// <c>autograd.grad</c> does not retain the graph by default even when <c>create_graph</c> is set, so the first
/// gradient asks for both explicitly; without that the second backward fails natively.</para>
/// </remarks>
public sealed class HessianOperator : ISymmetricOperator, IDisposable
{
    private readonly Func<Tensor, Tensor> _risk;
    private readonly Tensor _theta;

    /// <summary>Fixes the point θ (copied) at which the Hessian of <paramref name="risk"/> is taken.</summary>
    /// <param name="risk">θ ↦ R(θ), a differentiable closure returning a scalar tensor.</param>
    /// <param name="theta">The point, a 1-D float64 tensor.</param>
    public HessianOperator(Func<Tensor, Tensor> risk, Tensor theta)
    {
        ArgumentNullException.ThrowIfNull(risk);
        VectorChecks.RequireVector(theta, nameof(theta));
        _risk = risk;
        _theta = theta.detach().clone().DetachFromDisposeScope();
    }

    /// <inheritdoc />
    public long Dimension => _theta.shape[0];

    /// <summary>How many Hessian-vector products have been computed so far (the cost measure of the analysis).</summary>
    public int ProductCount { get; private set; }

    /// <summary>R(θ).</summary>
    public double Value()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return _risk(_theta.clone()).item<double>();
    }

    /// <summary>∇R(θ) as a new tensor in the caller's dispose scope.</summary>
    public Tensor Gradient()
    {
        using var scope = NewDisposeScope();
        var leaf = _theta.clone().requires_grad_(true);
        var gradient = autograd.grad(new[] { RiskAt(leaf) }, new[] { leaf })[0];
        return gradient.detach().MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor Apply(Tensor vector)
    {
        VectorChecks.RequireVector(vector, nameof(vector), Dimension);
        using var scope = NewDisposeScope();
        var leaf = _theta.clone().requires_grad_(true);
        var gradient = autograd.grad(new[] { RiskAt(leaf) }, new[] { leaf }, retain_graph: true, create_graph: true)[0];
        ProductCount++;
        // A risk that is affine in θ has a gradient without a graph: its Hessian is exactly zero.
        if (!gradient.requires_grad)
            return zeros_like(_theta).MoveToOuterDisposeScope();
        var product = autograd.grad(new[] { (gradient * vector.detach()).sum() }, new[] { leaf })[0];
        return product.detach().MoveToOuterDisposeScope();
    }

    /// <summary>Frees the copy of θ.</summary>
    public void Dispose() => _theta.Dispose();

    private Tensor RiskAt(Tensor leaf)
    {
        var value = _risk(leaf);
        if (value.numel() != 1)
            throw new InvalidOperationException($"The risk closure must return a scalar; it returned shape [{string.Join(",", value.shape)}].");
        return value.reshape(Array.Empty<long>());
    }
}
