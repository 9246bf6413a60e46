namespace EquiDyn.Tests.Analysis;

/// <summary>Element-wise |a − b| ≤ absolute comparison for <c>Assert.Equal</c> on sequences of doubles.</summary>
public sealed class Tolerance(double absolute) : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) <= absolute;

    // Not hash-compatible with tolerant equality; xunit compares sequences element by element, never by hash.
    public int GetHashCode(double obj) => 0;
}
