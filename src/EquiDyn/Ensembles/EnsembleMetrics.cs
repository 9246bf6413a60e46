using MathNet.Numerics.Distributions;

namespace EquiDyn.Ensembles;

/// <summary>
/// Invariance of an ensemble's mean output on the orbits of a test set. Member outputs are flat arrays y[(g·T + t)·C + c]:
/// member m's output c on ρ(g)x_t, for the |G| elements g (element-major, as <c>DataGroupAction.Orbit</c> lists them),
/// T test inputs and C outputs. The outputs of the CNN are class scores, on which the group acts trivially, so
/// equivariance is invariance: f(ρ(g)x) = f(x).
/// </summary>
/// <remarks>
/// The error of a function y on the orbits is its distance to the nearest invariant function on them, the orbit mean
/// s_t = (1/|G|)Σ_g y(ρ(g)x_t): ‖y − s‖ over all g, t, c. It is reported relative to the members' own output size
/// ((1/M)Σ_m‖y_m‖²)^{1/2}, which does not shrink with M (the mean's own norm would, near an ensemble whose expected
/// output is small), so the relative error of a mean of M independent members decays like 1/√M when their law is
/// invariant and tends to a floor when it is not.
/// </remarks>
public static class EnsembleMetrics
{
    /// <summary>The relative invariance error of the mean of <paramref name="members"/>.</summary>
    public static double MeanError(IReadOnlyList<double[]> members, int order, int inputs, int outputs)
    {
        var mean = Mean(members);
        double scale = members.Average(y => y.Sum(v => v * v));
        return scale > 0 ? Math.Sqrt(Deviation(mean, order, inputs, outputs) / scale) : 0;
    }

    /// <summary>A member's own relative invariance error.</summary>
    public static double MemberError(double[] y, int order, int inputs, int outputs)
    {
        double scale = y.Sum(v => v * v);
        return scale > 0 ? Math.Sqrt(Deviation(y, order, inputs, outputs) / scale) : 0;
    }

    /// <summary>The share of test inputs whose predicted class (arg max of the mean output) is the same for every
    /// transformed copy.</summary>
    public static double OrbitSamePrediction(IReadOnlyList<double[]> members, int order, int inputs, int outputs)
    {
        var mean = Mean(members);
        int same = 0;
        for (int t = 0; t < inputs; t++)
        {
            int first = ArgMax(mean, t * outputs, outputs);
            bool all = true;
            for (int g = 1; g < order && all; g++) all = ArgMax(mean, (g * inputs + t) * outputs, outputs) == first;
            if (all) same++;
        }
        return (double)same / inputs;
    }

    /// <summary>The disjoint consecutive groups of <paramref name="size"/> members (members [k·size, (k+1)·size)),
    /// as many as fit.</summary>
    public static IEnumerable<IReadOnlyList<double[]>> Groups(IReadOnlyList<double[]> members, int size)
    {
        for (int k = 0; (k + 1) * size <= members.Count; k++)
            yield return members.Skip(k * size).Take(size).ToList();
    }

    /// <summary>Least-squares slope b of log y = a + b log x and its two-sided 95 % t-interval (NaN for fewer than three
    /// points).</summary>
    public static (double Slope, double Low, double High) Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = x.Count;
        var lx = x.Select(v => Math.Log(v)).ToArray();
        var ly = y.Select(v => Math.Log(v)).ToArray();
        double mx = lx.Average(), my = ly.Average();
        double sxx = lx.Sum(v => (v - mx) * (v - mx)), sxy = lx.Zip(ly).Sum(p => (p.First - mx) * (p.Second - my));
        double b = sxy / sxx;
        if (n < 3) return (b, double.NaN, double.NaN);
        double a = my - b * mx;
        double residual = lx.Zip(ly).Sum(p => Math.Pow(p.Second - a - b * p.First, 2));
        double se = Math.Sqrt(residual / (n - 2) / sxx);
        double t = StudentT.InvCDF(0, 1, n - 2, 0.975);
        return (b, b - t * se, b + t * se);
    }

    /// <summary>
    /// The floor b of error² = b² + c/M fitted by least squares over (M, error) points (b², c ≥ 0): the part of the mean's
    /// error that averaging more members does not remove. Independent members whose law is invariant have b = 0 and the
    /// error falls like 1/√M; a law that is not invariant has an expected output that is not, and b is its relative
    /// invariance error.
    /// </summary>
    /// <remarks>Linear least squares in (b², c) on the squared errors, then the better of the boundary fits when a
    /// coefficient comes out negative (b = 0: c = Σe²/M ⁄ Σ1/M²; c = 0: b² the mean of e²). Needs two distinct sizes.</remarks>
    public static (double Floor, double Variance) Floor(IReadOnlyList<double> sizes, IReadOnlyList<double> errors)
    {
        if (sizes.Distinct().Count() < 2) return (double.NaN, double.NaN);
        var x = sizes.Select(m => 1 / m).ToArray();
        var y = errors.Select(e => e * e).ToArray();
        double mx = x.Average(), my = y.Average();
        double sxx = x.Sum(v => (v - mx) * (v - mx)), sxy = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
        double c = sxy / sxx, b2 = my - c * mx;
        if (b2 >= 0 && c >= 0) return (Math.Sqrt(b2), c);
        double Residual(double bb, double cc) => x.Zip(y).Sum(p => Math.Pow(p.Second - bb - cc * p.First, 2));
        double cOnly = Math.Max(0, x.Zip(y).Sum(p => p.First * p.Second) / x.Sum(v => v * v));
        return Residual(0, cOnly) <= Residual(my, 0) ? (0, cOnly) : (Math.Sqrt(my), 0);
    }

    /// <summary>The error at the largest size against the 1/√M extrapolation from the smallest:
    /// e(M_max) / (e(M_min)·√(M_min/M_max)). About 1 when the error decays like 1/√M; larger when it levels off at a
    /// floor (√(M_max/M_min) at most, for an error that does not fall at all).</summary>
    public static double ExtrapolationRatio(int smallest, double smallestError, int largest, double largestError) =>
        largestError / (smallestError * Math.Sqrt((double)smallest / largest));

    private static double[] Mean(IReadOnlyList<double[]> members)
    {
        var mean = new double[members[0].Length];
        foreach (var y in members)
            for (int i = 0; i < mean.Length; i++) mean[i] += y[i];
        for (int i = 0; i < mean.Length; i++) mean[i] /= members.Count;
        return mean;
    }

    /// <summary>Σ_{g,t,c} (y − s)² with s the orbit mean.</summary>
    private static double Deviation(double[] y, int order, int inputs, int outputs)
    {
        double sum = 0;
        for (int t = 0; t < inputs; t++)
        for (int c = 0; c < outputs; c++)
        {
            double s = 0;
            for (int g = 0; g < order; g++) s += y[(g * inputs + t) * outputs + c];
            s /= order;
            for (int g = 0; g < order; g++) sum += Math.Pow(y[(g * inputs + t) * outputs + c] - s, 2);
        }
        return sum;
    }

    private static int ArgMax(double[] y, int offset, int count)
    {
        int best = 0;
        for (int c = 1; c < count; c++)
            if (y[offset + c] > y[offset + best]) best = c;
        return best;
    }
}
