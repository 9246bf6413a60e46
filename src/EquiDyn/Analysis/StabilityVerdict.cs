namespace EquiDyn.Analysis;

/// <summary>The stability verdict for one training mode (Equi or Aug) at the analysed point.</summary>
/// <param name="Mode">"Equi" or "Aug".</param>
/// <param name="Class">The classification.</param>
/// <param name="MinEigenvalue">The eigenvalue that decided it (λ_min of the 𝓔∩𝓛 block for Equi; the smaller of both
/// blocks' minima for Aug).</param>
/// <param name="Uncertainty">|λ| ≤ this counts as zero: max(Ritz residual, tolerance·max|λ|).</param>
/// <param name="Reason">One sentence stating the criterion that applied.</param>
public sealed record StabilityVerdict(string Mode, StabilityClass Class, double MinEigenvalue, double Uncertainty, string Reason);
