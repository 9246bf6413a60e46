namespace EquiDyn.Analysis;

/// <summary>The result of <see cref="StabilityAnalysis.Analyze"/>: plain data (no tensors), serialisable to JSON.</summary>
/// <param name="Problem">The problem's name.</param>
/// <param name="Description">The problem's description.</param>
/// <param name="Dimension">n = dim θ.</param>
/// <param name="Theta">A* when n ≤ DenseLimit, else null.</param>
/// <param name="ParameterNames">Coordinate names, or null.</param>
/// <param name="AugmentedRisk">R^aug(A*).</param>
/// <param name="NominalRisk">R(A*), when the problem has a nominal risk.</param>
/// <param name="AugmentedGradient">∇R^aug(A*), split along 𝓔∩𝓛 ⊕ 𝓔^⊥∩𝓛.</param>
/// <param name="NominalGradient">∇R(A*), split likewise, or null.</param>
/// <param name="EquivariantBlock">Lanczos on the 𝓔∩𝓛 block of ∇²R^aug(A*) (= the Equi Hessian; P2).</param>
/// <param name="ComplementBlock">Lanczos on the 𝓔^⊥∩𝓛 block.</param>
/// <param name="CrossBlock">The off-diagonal block's norm (must vanish, docs/stability.md).</param>
/// <param name="Dense">Exact dense cross-check for small n, else null.</param>
/// <param name="Equivariant">Verdict for Equi training (𝓔∩𝓛 block ≻ 0).</param>
/// <param name="Augmented">Verdict for Aug training (additionally 𝓔^⊥∩𝓛 block ⪰ 0; strictly positive for "Stable").</param>
/// <param name="Growth">Predicted vs simulated growth off 𝓔, or null when 𝓔^⊥∩𝓛 = {0}.</param>
/// <param name="StabilisingGammaThreshold">max(0, −λ_min(𝓔^⊥∩𝓛 block)): every γ above it makes the regularised block
/// positive definite (docs/stability.md).</param>
/// <param name="Regularised">The check at the requested γ, or null when none was requested.</param>
/// <param name="HessianVectorProducts">Total HVPs spent (the analysis' cost).</param>
public sealed record StabilityReport(
    string Problem,
    string Description,
    long Dimension,
    double[]? Theta,
    IReadOnlyList<string>? ParameterNames,
    double AugmentedRisk,
    double? NominalRisk,
    GradientSummary AugmentedGradient,
    GradientSummary? NominalGradient,
    LanczosResult EquivariantBlock,
    LanczosResult ComplementBlock,
    CrossBlockNorm CrossBlock,
    DenseCheck? Dense,
    StabilityVerdict Equivariant,
    StabilityVerdict Augmented,
    GrowthMeasurement? Growth,
    double StabilisingGammaThreshold,
    RegularisedCheck? Regularised,
    int HessianVectorProducts);
