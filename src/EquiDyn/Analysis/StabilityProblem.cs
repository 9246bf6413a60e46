using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>Everything the stability analysis needs about one model at one candidate point: the providers' contract
/// (a built-in example today, a trained checkpoint later).</summary>
/// <remarks>
/// <para>θ ∈ ℝⁿ are the coefficients of a unitary parametrization of the admissible layers 𝓛, so gradient descent on θ
/// is the projected flow of docs/concepts.md and Euclidean geometry in θ is the Frobenius geometry of layers.
/// <see cref="AugmentedRisk"/> is R^aug(θ) = ∫_G R(ρ̄_g θ) dμ(g) (the exact group average; L3), differentiable twice by
/// TorchSharp autograd. <see cref="Equivariant"/> is 𝓔∩𝓛 and <see cref="Complement"/> is 𝓔^⊥∩𝓛; under compatibility
/// they are orthogonal and sum to 𝓛, so by default the complement is the orthogonal complement of 𝓔∩𝓛 in θ-space.</para>
/// <para>The point θ is meant to lie in 𝓔∩𝓛 and be stationary; the analysis measures and reports both rather than
/// assuming them.</para>
/// </remarks>
public sealed class StabilityProblem
{
    /// <summary>Creates a problem; θ is copied.</summary>
    /// <param name="name">Short identifier for reports.</param>
    /// <param name="description">One sentence for humans.</param>
    /// <param name="theta">The point A* (1-D float64).</param>
    /// <param name="augmentedRisk">θ ↦ R^aug(θ), scalar, C².</param>
    /// <param name="equivariant">𝓔∩𝓛.</param>
    /// <param name="complement">𝓔^⊥∩𝓛; null for the orthogonal complement of <paramref name="equivariant"/> in θ-space.</param>
    /// <param name="nominalRisk">θ ↦ R(θ) without augmentation, if available (reported only: the point need not be
    /// stationary for it).</param>
    /// <param name="parameterNames">Names of θ's coordinates for printing small problems, or null.</param>
    public StabilityProblem(
        string name,
        string description,
        Tensor theta,
        Func<Tensor, Tensor> augmentedRisk,
        Subspace equivariant,
        Subspace? complement = null,
        Func<Tensor, Tensor>? nominalRisk = null,
        IReadOnlyList<string>? parameterNames = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        VectorChecks.RequireVector(theta, nameof(theta));
        ArgumentNullException.ThrowIfNull(augmentedRisk);
        ArgumentNullException.ThrowIfNull(equivariant);
        long n = theta.shape[0];
        if (equivariant.AmbientDimension != n)
            throw new ArgumentException($"𝓔∩𝓛 lives in ℝ^{equivariant.AmbientDimension}, θ in ℝ^{n}.", nameof(equivariant));
        complement ??= equivariant.OrthogonalComplement("E⊥∩L");
        if (complement.AmbientDimension != n)
            throw new ArgumentException($"𝓔^⊥∩𝓛 lives in ℝ^{complement.AmbientDimension}, θ in ℝ^{n}.", nameof(complement));
        if (parameterNames is not null && parameterNames.Count != n)
            throw new ArgumentException($"{parameterNames.Count} parameter names for {n} parameters.", nameof(parameterNames));
        Name = name;
        Description = description;
        Theta = theta.detach().clone().DetachFromDisposeScope();
        AugmentedRisk = augmentedRisk;
        NominalRisk = nominalRisk;
        Equivariant = equivariant;
        Complement = complement;
        ParameterNames = parameterNames;
    }

    /// <summary>Short identifier.</summary>
    public string Name { get; }

    /// <summary>One sentence for humans.</summary>
    public string Description { get; }

    /// <summary>A* (owned; do not dispose).</summary>
    public Tensor Theta { get; }

    /// <summary>n = dim θ.</summary>
    public long Dimension => Theta.shape[0];

    /// <summary>θ ↦ R^aug(θ).</summary>
    public Func<Tensor, Tensor> AugmentedRisk { get; }

    /// <summary>θ ↦ R(θ), or null.</summary>
    public Func<Tensor, Tensor>? NominalRisk { get; }

    /// <summary>𝓔∩𝓛.</summary>
    public Subspace Equivariant { get; }

    /// <summary>𝓔^⊥∩𝓛.</summary>
    public Subspace Complement { get; }

    /// <summary>Coordinate names, or null.</summary>
    public IReadOnlyList<string>? ParameterNames { get; }

    /// <summary>The same model (risks, subspaces, names) at another point θ, e.g. after
    /// <see cref="StationaryPointRefiner.Refine"/>.</summary>
    public StabilityProblem At(Tensor theta, string? description = null) =>
        new(Name, description ?? Description, theta, AugmentedRisk, Equivariant, Complement, NominalRisk, ParameterNames);

    /// <summary>The same model with both risks replaced by R + (γ/2)‖Π_{𝓔∩𝓛}θ − θ₀‖², anchored at θ₀ = Π_{𝓔∩𝓛}θ
    /// (this problem's point projected onto 𝓔∩𝓛), at the same point.</summary>
    /// <remarks>
    /// <para>What it changes: on 𝓔∩𝓛 the ridge is (γ/2)‖θ − θ₀‖², so the minimiser of the regularised equivariant risk
    /// near θ₀ is a proximal point of θ₀; its Hessian γΠ_{𝓔∩𝓛} adds exactly γ to the 𝓔∩𝓛 block and nothing to the
    /// 𝓔^⊥∩𝓛 block or the cross block, so the 𝓔^⊥∩𝓛 block reported there is R^aug's own.</para>
    /// <para>Why the theory is unchanged: every ρ̄_g fixes 𝓔∩𝓛 pointwise and commutes with Π_{𝓔∩𝓛}, so
    /// ‖Π_{𝓔∩𝓛}ρ̄_gθ − θ₀‖ = ‖Π_{𝓔∩𝓛}θ − θ₀‖: the ridge is its own group average, (R + ridge)^aug = R^aug + ridge.
    /// Its gradient γ(Π_{𝓔∩𝓛}θ − θ₀) lies in 𝓔∩𝓛.</para>
    /// <para>Why it is needed: on a small analysis subset (N samples × C outputs ≪ dim 𝓔∩𝓛) a trained checkpoint sits in
    /// a region of negative curvature of R on 𝓔∩𝓛 and R can be driven towards zero along a whole manifold, whose Hessian
    /// is singular in thousands of directions: no iteration reaches ‖∇R‖ ≈ 0 there in reasonable time. With γ above the
    /// most negative curvature the regularised risk has an isolated stationary point near θ₀, reached in a few dozen
    /// L-BFGS steps. It is a stationary point of the ridge-regularised risk on that subset, not of R itself; its Equi
    /// verdict is about the regularised risk.</para>
    /// </remarks>
    public StabilityProblem WithAnchoredRidge(double gamma, string? description = null)
    {
        if (!(gamma > 0) || !double.IsFinite(gamma)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "γ must be a finite number > 0.");
        Tensor anchor;
        using (no_grad()) anchor = Equivariant.Project(Theta.detach().to_type(ScalarType.Float64)).detach().clone().DetachFromDisposeScope();
        var equivariant = Equivariant;
        Func<Tensor, Tensor> Ridged(Func<Tensor, Tensor> risk) =>
            theta => risk(theta) + (equivariant.Project(theta) - anchor).pow(2).sum() * (gamma / 2);
        return new StabilityProblem(Name, description ?? Description, Theta, Ridged(AugmentedRisk), Equivariant, Complement,
            NominalRisk is null ? null : Ridged(NominalRisk), ParameterNames);
    }
}
