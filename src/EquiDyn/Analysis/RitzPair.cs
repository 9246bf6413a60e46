namespace EquiDyn.Analysis;

/// <summary>An approximate eigenpair (θ, v) of a symmetric operator A with its measured residual.</summary>
/// <param name="Value">θ = vᵀAv.</param>
/// <param name="Vector">v, unit length, in the operator's ambient coordinates; sign normalised so that its
/// largest-magnitude component (first one on ties) is positive, making runs reproducible.</param>
/// <param name="Residual">‖Av − θv‖ computed with one extra operator application (not the Lanczos estimate). A true
/// eigenvalue of A lies within this distance of θ.</param>
public sealed record RitzPair(double Value, double[] Vector, double Residual);
