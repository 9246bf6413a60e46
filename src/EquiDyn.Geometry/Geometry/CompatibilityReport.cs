namespace EquiDyn.Geometry;

/// <summary>Whether L and E are compatible, Π_LΠ_E = Π_EΠ_L, how far from it, and which entries break it.</summary>
/// <remarks>
/// <para>
/// <see cref="CommutatorNorm"/> is the operator (spectral) norm ‖Π_LΠ_E − Π_EΠ_L‖₂; <see cref="CommutatorFrobeniusNorm"/>
/// is the Frobenius norm. Both come from the principal angles θ_i between L and E: with λ_i = cos²θ_i the eigenvalues of
/// Q_Lᵀ Π_E Q_L, the commutator's singular values are √(λ_i(1−λ_i)), each twice, so ‖·‖₂ = max √(λ_i(1−λ_i)) ∈ [0, ½]
/// and ‖·‖_F = √(2Σλ_i(1−λ_i)). Compatibility is equivalent to Π_E(L) ⊆ L, and then Π_{E∩L} = Π_EΠ_L.
/// </para>
/// <para>
/// For a support mask and an orbit-averaging Π_E the computation is exact and combinatorial: each orbit O meeting the
/// support contributes λ = |O∩Ω|/|O|, and L is compatible iff no orbit straddles the support
/// (<see cref="StraddlingOrbits"/> is empty).
/// </para>
/// </remarks>
public sealed class CompatibilityReport
{
    internal CompatibilityReport(double operatorNorm, double frobeniusNorm, double tolerance, IReadOnlyList<StraddlingOrbit> straddling, string reason)
    {
        CommutatorNorm = operatorNorm;
        CommutatorFrobeniusNorm = frobeniusNorm;
        Tolerance = tolerance;
        StraddlingOrbits = straddling;
        Reason = reason;
    }

    /// <summary>‖Π_LΠ_E − Π_EΠ_L‖₂ (operator norm), in [0, ½].</summary>
    public double CommutatorNorm { get; }

    /// <summary>‖Π_LΠ_E − Π_EΠ_L‖_F (Frobenius norm).</summary>
    public double CommutatorFrobeniusNorm { get; }

    /// <summary>The largest operator norm still called compatible (absorbs float64 rounding in the general path).</summary>
    public double Tolerance { get; }

    /// <summary>Whether <see cref="CommutatorNorm"/> ≤ <see cref="Tolerance"/>.</summary>
    public bool IsCompatible => CommutatorNorm <= Tolerance;

    /// <summary>The orbits that straddle a support mask (empty when compatible or when L is not a mask).</summary>
    public IReadOnlyList<StraddlingOrbit> StraddlingOrbits { get; }

    /// <summary>Why the verdict is what it is, in one sentence.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public override string ToString() => $"{(IsCompatible ? "compatible" : "incompatible")}: {Reason}";
}
