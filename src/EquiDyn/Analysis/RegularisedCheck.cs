namespace EquiDyn.Analysis;

/// <summary>The effect of the stabilising regulariser R^aug + (γ/2)‖Π_{𝓔⊥}θ‖² at the analysed point (docs/stability.md).</summary>
/// <param name="Gamma">γ.</param>
/// <param name="ComplementMin">λ_min of the regularised Hessian's 𝓔^⊥∩𝓛 block, measured by Lanczos on the wrapped risk
/// (in theory the unregularised λ_min + γ).</param>
/// <param name="Residual">Residual of that Ritz pair.</param>
/// <param name="Verdict">Aug verdict for the regularised risk.</param>
/// <param name="Steps">GD steps simulated from the same perturbed start as the growth measurement.</param>
/// <param name="StartDistance">d_0.</param>
/// <param name="FinalDistance">d_Steps.</param>
public sealed record RegularisedCheck(
    double Gamma,
    double ComplementMin,
    double Residual,
    StabilityVerdict Verdict,
    int Steps,
    double StartDistance,
    double FinalDistance)
{
    /// <summary>True when the regularised GD ended closer to 𝓔∩𝓛 than it started.</summary>
    public bool ReturnsToSubspace => FinalDistance < StartDistance;
}
