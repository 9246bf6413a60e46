namespace EquiDyn.Runs;

/// <summary>The median and spread of one number over the seeds of an arm: the one spread statistic of sweep summaries,
/// tables and figures.</summary>
/// <param name="Count">How many finite values it summarises.</param>
/// <param name="Median">Median (mean of the middle two for an even count).</param>
/// <param name="Q1">First quartile (linear interpolation between order statistics, like numpy's default).</param>
/// <param name="Q3">Third quartile.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
public sealed record Spread(int Count, double Median, double Q1, double Q3, double Min, double Max)
{
    /// <summary>The statistics of the finite values (NaN everywhere and count 0 when there are none).</summary>
    public static Spread Of(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).Order().ToArray();
        return v.Length == 0
            ? new Spread(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
            : new Spread(v.Length, SortedQuantile(v, 0.5), SortedQuantile(v, 0.25), SortedQuantile(v, 0.75), v[0], v[^1]);
    }

    /// <summary>The statistics of the values present, or null when none is (runs without the measurement).</summary>
    public static Spread? OfPresent(IEnumerable<double?> values)
    {
        var present = values.Where(v => v.HasValue && double.IsFinite(v.Value)).Select(v => v!.Value).ToList();
        return present.Count == 0 ? null : Of(present);
    }

    /// <summary>The q-quantile of the finite values (NaN when there are none).</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var v = values.Where(double.IsFinite).Order().ToArray();
        return v.Length == 0 ? double.NaN : SortedQuantile(v, q);
    }

    /// <summary>The median of the finite values (NaN when there are none).</summary>
    public static double MedianOf(IEnumerable<double> values) => Quantile(values, 0.5);

    private static double SortedQuantile(IReadOnlyList<double> sorted, double q)
    {
        double pos = q * (sorted.Count - 1);
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
