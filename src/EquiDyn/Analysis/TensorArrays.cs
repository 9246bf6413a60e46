using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>Conversions between float64 tensors and the plain arrays the analysis reports (reports hold no tensors, so
/// they outlive dispose scopes and serialise to JSON).</summary>
internal static class TensorArrays
{
    public static double[] ToArray(Tensor vector) => vector.detach().contiguous().data<double>().ToArray();

    public static double[][] ToJagged(Tensor matrix)
    {
        var flat = ToArray(matrix.reshape(-1));
        long rows = matrix.shape[0], cols = matrix.shape[1];
        var result = new double[rows][];
        for (long i = 0; i < rows; i++)
            result[i] = flat.AsSpan((int)(i * cols), (int)cols).ToArray();
        return result;
    }

    public static Tensor FromJagged(double[][] rows)
    {
        int n = rows.Length, m = n == 0 ? 0 : rows[0].Length;
        var flat = new double[n * m];
        for (int i = 0; i < n; i++) rows[i].CopyTo(flat, i * m);
        return tensor(flat, dtype: ScalarType.Float64).reshape(n, m);
    }
}
