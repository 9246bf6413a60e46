namespace EquiDyn.Analysis;

/// <summary>Second-order classification of a stationary point for one training mode.</summary>
public enum StabilityClass
{
    /// <summary>The relevant Hessian block is positive definite: perturbations decay under gradient flow.</summary>
    Stable,

    /// <summary>The smallest relevant eigenvalue is zero within its uncertainty: second order cannot decide.</summary>
    Marginal,

    /// <summary>Some relevant eigenvalue is negative: a perturbation along its eigenvector grows.</summary>
    Unstable,

    /// <summary>The gradient does not vanish: stability of a stationary point is not the question.</summary>
    NotStationary,
}
