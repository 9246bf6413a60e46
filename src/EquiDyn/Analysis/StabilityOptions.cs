namespace EquiDyn.Analysis;

/// <summary>Settings of <see cref="StabilityAnalysis.Analyze"/>.</summary>
public sealed record StabilityOptions
{
    /// <summary>GD step size η for the predicted and simulated growth (default 0.1, the counterexample's value in docs/stability.md).</summary>
    public double Eta { get; init; } = 0.1;

    /// <summary>If set, also analyse the regularised risk R^aug + (γ/2)‖Π_{𝓔⊥}θ‖² with this γ ≥ 0.</summary>
    public double? Gamma { get; init; }

    /// <summary>‖θ₀ − A*‖ of the simulated perturbation along the 𝓔^⊥ eigenvector of λ_min (default √2·10⁻³, which with
    /// eigenvector (1,−1,0)/√2 is the reference script's start A* + 10⁻³·(1,−1,0)).</summary>
    public double PerturbationNorm { get; init; } = Math.Sqrt(2) * 1e-3;

    /// <summary>GD steps of the growth measurement (default 60: long enough to average, short enough to stay linear).</summary>
    public int GrowthSteps { get; init; } = 60;

    /// <summary>GD steps of the regularised run that decides "returns to 𝓔" vs "escapes" (default 2000: at a rate
    /// |1 − ηλ| ≈ 1 ± 0.01 this moves the distance by e^{±20}).</summary>
    public int RegularisedSteps { get; init; } = 2000;

    /// <summary>Eigen-solver settings for each block.</summary>
    public LanczosOptions Lanczos { get; init; } = new();

    /// <summary>Up to this n the full Hessian is also assembled (n HVPs) to cross-check the blocks exactly (default 64).</summary>
    public int DenseLimit { get; init; } = 64;

    /// <summary>Power iterations for the cross-block norm ‖Π_{𝓔⊥∩𝓛} H Π_{𝓔∩𝓛}‖ (2 HVPs each; default 8).</summary>
    public int CrossBlockIterations { get; init; } = 8;

    /// <summary>‖gradient‖ up to which θ counts as stationary (default 1e-8: float64 autograd of an exactly stationary
    /// point gives ~1e-16, a trained checkpoint needs a looser, user-chosen value).</summary>
    public double StationarityTolerance { get; init; } = 1e-8;

    /// <summary>Relative floor of the eigenvalue uncertainty: λ counts as zero when |λ| ≤ max(residual, this·max|λ|)
    /// (default 1e-8).</summary>
    public double EigenvalueTolerance { get; init; } = 1e-8;
}
