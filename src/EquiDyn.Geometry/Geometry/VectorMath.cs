namespace EquiDyn.Geometry;

/// <summary>Small dense helpers shared by the geometry types (plain arrays, float64).</summary>
internal static class VectorMath
{
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    public static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));

    /// <summary>
    /// Orthonormalises by modified Gram–Schmidt, twice per vector ("twice is enough", Kahan–Parlett), dropping vectors whose
    /// residual is below <paramref name="relativeTolerance"/> times their own norm (linearly dependent on earlier ones).
    /// </summary>
    public static double[][] Orthonormalize(IEnumerable<double[]> vectors, double relativeTolerance)
    {
        var basis = new List<double[]>();
        foreach (var v in vectors)
        {
            double original = Norm(v);
            if (original == 0) continue;
            var w = (double[])v.Clone();
            for (int pass = 0; pass < 2; pass++)
                foreach (var q in basis)
                {
                    double c = Dot(q, w);
                    for (int i = 0; i < w.Length; i++) w[i] -= c * q[i];
                }
            double residual = Norm(w);
            if (residual <= relativeTolerance * original) continue;
            for (int i = 0; i < w.Length; i++) w[i] /= residual;
            basis.Add(w);
        }
        return basis.ToArray();
    }
}
