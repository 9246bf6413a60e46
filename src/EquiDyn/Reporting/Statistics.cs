using EquiDyn.Runs;

namespace EquiDyn.Reporting;

/// <summary>Series statistics of the report (medians per step, moving averages); the spread over seeds is
/// <see cref="Spread"/>.</summary>
internal static class Statistics
{
    /// <summary>Index by index, the median over the series that are long enough to have that index.</summary>
    public static double[] MedianPerIndex(IReadOnlyList<double[]> series)
    {
        int length = series.Count == 0 ? 0 : series.Max(s => s.Length);
        return Enumerable.Range(0, length).Select(i => Spread.MedianOf(series.Where(s => s.Length > i).Select(s => s[i]))).ToArray();
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
