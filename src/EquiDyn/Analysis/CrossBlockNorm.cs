namespace EquiDyn.Analysis;

/// <summary>‖Π_{𝓔⊥∩𝓛} H Π_{𝓔∩𝓛}‖₂, the off-diagonal block of the augmented Hessian.</summary>
/// <remarks>P2 (docs/stability.md): at a point of 𝓔, under exact augmentation and compatibility, the augmented Hessian commutes with
/// Π_𝓔, so this block vanishes. A value well above rounding (relative to the spectral scale) means the augmentation is
/// inexact (e.g. sampled), 𝓛 is incompatible, or the point is not in 𝓔.</remarks>
/// <param name="Estimate">Power-iteration estimate (a lower bound converging to the norm), from HVPs only.</param>
/// <param name="Exact">The exact spectral norm from the dense Hessian, when it was assembled; else null.</param>
/// <param name="Relative">max(Estimate, Exact) divided by the spectral scale max|λ| of both blocks.</param>
/// <param name="Products">HVPs spent on the estimate.</param>
public sealed record CrossBlockNorm(double Estimate, double? Exact, double Relative, int Products);
