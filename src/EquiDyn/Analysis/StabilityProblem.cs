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
}
