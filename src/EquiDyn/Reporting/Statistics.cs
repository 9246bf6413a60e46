namespace EquiDyn.Reporting;

/// <summary>Median, quantiles and other small statistics of the report, NaN-aware.</summary>
public static class Statistics
{
    /// <summary>The q-quantile (0 ≤ q ≤ 1) of the finite values, linear interpolation between order statistics
    /// (numpy's default); NaN when there are none.</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var v = values.Where(double.IsFinite).OrderBy(x => x).ToArray();
        if (v.Length == 0) return double.NaN;
        double pos = q * (v.Length - 1);
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        return v[lo] + (v[hi] - v[lo]) * (pos - lo);
    }

    /// <summary>The median of the finite values (mean of the middle two for an even count); NaN when there are none.</summary>
    public static double Median(IEnumerable<double> values) => Quantile(values, 0.5);

    /// <summary>Index by index, the median over the series that are long enough to have that index.</summary>
    public static double[] MedianPerIndex(IReadOnlyList<double[]> series)
    {
        int length = series.Count == 0 ? 0 : series.Max(s => s.Length);
        return Enumerable.Range(0, length).Select(i => Median(series.Where(s => s.Length > i).Select(s => s[i]))).ToArray();
    }

    /// <summary>Trailing moving average over <paramref name="window"/> values (shorter at the start).</summary>
    public static double[] MovingAverage(IReadOnlyList<double> values, int window)
    {
        var result = new double[values.Count];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            count++;
            if (count > window)
            {
                sum -= values[i - window];
                count--;
            }
            result[i] = sum / count;
        }
        return result;
    }
}

/// <summary>Median and spread of one number over the runs (seeds) of an arm.</summary>
/// <param name="Count">Finite values summarised.</param>
/// <param name="Median">Median.</param>
/// <param name="Q1">First quartile (linear interpolation).</param>
/// <param name="Q3">Third quartile.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
public sealed record SeedSpread(int Count, double Median, double Q1, double Q3, double Min, double Max)
{
    /// <summary>The statistics of the finite values (all NaN when there are none).</summary>
    public static SeedSpread Of(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        return v.Length == 0
            ? new SeedSpread(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
            : new SeedSpread(v.Length, Statistics.Median(v), Statistics.Quantile(v, 0.25), Statistics.Quantile(v, 0.75), v.Min(), v.Max());
    }
}
