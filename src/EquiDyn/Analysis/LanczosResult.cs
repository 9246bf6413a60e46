namespace EquiDyn.Analysis;

/// <summary>The outcome of <see cref="LanczosSolver.Solve"/>.</summary>
/// <param name="Pairs">The wanted Ritz pairs, ascending by value (fewer than requested when the subspace is smaller).</param>
/// <param name="RitzHistory">After each Lanczos step, all Ritz values of the current projected matrix, ascending (for
/// convergence plots: the extremes approach the spectrum's ends monotonically between restarts).</param>
/// <param name="Products">Operator applications, including the final residual checks.</param>
/// <param name="Restarts">Thick restarts performed.</param>
/// <param name="Converged">True when every wanted pair met the tolerance, or the Krylov space became invariant (exact).</param>
/// <param name="SubspaceExhausted">True when the iteration spanned the whole (sub)space, so the spectrum is complete.</param>
public sealed record LanczosResult(
    IReadOnlyList<RitzPair> Pairs,
    IReadOnlyList<double[]> RitzHistory,
    int Products,
    int Restarts,
    bool Converged,
    bool SubspaceExhausted)
{
    /// <summary>The smallest Ritz value found (NaN when the subspace is {0}).</summary>
    public double Min => Pairs.Count > 0 ? Pairs[0].Value : double.NaN;

    /// <summary>The largest Ritz value found (NaN when the subspace is {0}).</summary>
    public double Max => Pairs.Count > 0 ? Pairs[^1].Value : double.NaN;

    /// <summary>The largest residual among the returned pairs (0 when none).</summary>
    public double MaxResidual => Pairs.Count > 0 ? Pairs.Max(p => p.Residual) : 0.0;
}
