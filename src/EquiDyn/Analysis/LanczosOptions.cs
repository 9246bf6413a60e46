namespace EquiDyn.Analysis;

/// <summary>Settings of <see cref="LanczosSolver"/>.</summary>
/// <remarks>Defaults suit a few extreme eigenvalues of operators with up to ~10⁶ dimensions: a basis of 40 vectors is
/// cheap to keep fully reorthogonalised and, with thick restarts, resolves well-separated extremes in a few hundred
/// products.</remarks>
public sealed record LanczosOptions
{
    /// <summary>Eigenpairs wanted at each requested end (default 3).</summary>
    public int Count { get; init; } = 3;

    /// <summary>Which end(s) to resolve (default both).</summary>
    public SpectrumEnd Which { get; init; } = SpectrumEnd.Both;

    /// <summary>Largest Krylov basis before a thick restart (default 40). Must leave room beyond the kept Ritz vectors.</summary>
    public int MaxBasisSize { get; init; } = 40;

    /// <summary>Largest number of operator applications in the iteration (default 400; the final residual check adds one
    /// product per returned pair).</summary>
    public int MaxProducts { get; init; } = 400;

    /// <summary>Convergence: every wanted pair has estimated residual ‖Av − θv‖ ≤ Tolerance·max|θ| (default 1e-10).</summary>
    /// <remarks>For symmetric A a unit v with residual r has an eigenvalue within r of θ, so this is a relative eigenvalue
    /// accuracy; 1e-10 sits well above float64 rounding of a reorthogonalised basis (~1e-14) and far below what any
    /// verdict needs.</remarks>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>Seed of the random start vector (the run is deterministic given the seed).</summary>
    public long Seed { get; init; } = 20230323;
}
