namespace EquiDyn.Analysis;

/// <summary>A gradient at the analysed point split along 𝓔∩𝓛 ⊕ 𝓔^⊥∩𝓛.</summary>
/// <param name="Norm">‖∇‖.</param>
/// <param name="EquivariantNorm">‖Π_{𝓔∩𝓛}∇‖ (zero at an Equi-stationary point).</param>
/// <param name="ComplementNorm">‖Π_{𝓔⊥∩𝓛}∇‖ (zero for R^aug on 𝓔 by P1; generally not for the nominal risk).</param>
/// <param name="Vector">The gradient itself for small problems (n ≤ <see cref="StabilityOptions.DenseLimit"/>), else null.</param>
public sealed record GradientSummary(double Norm, double EquivariantNorm, double ComplementNorm, double[]? Vector);
