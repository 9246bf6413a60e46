using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>The full Hessian of a small model, assembled column by column from Hessian-vector products.</summary>
/// <remarks>
/// Contract: column j is H e_j from <see cref="HessianOperator.Apply"/> (n products in all). Double backward gives each
/// column exactly up to rounding, so H − Hᵀ is pure rounding; it is reported as <see cref="Asymmetry"/> =
/// max|H − Hᵀ| / max(max|H|, tiny) and <see cref="Matrix"/> is the symmetrised (H + Hᵀ)/2, the closest symmetric matrix
/// in Frobenius norm. A large asymmetry means the closure is not C² (or not deterministic) at θ.
/// </remarks>
public sealed class DenseHessian
{
    private DenseHessian(double[][] matrix, double asymmetry)
    {
        Matrix = matrix;
        Asymmetry = asymmetry;
    }

    /// <summary>(H + Hᵀ)/2, row-major.</summary>
    public double[][] Matrix { get; }

    /// <summary>max|H − Hᵀ| / max|H| of the unsymmetrised columns (0 when H = 0).</summary>
    public double Asymmetry { get; }

    /// <summary>Assembles the Hessian of <paramref name="operator"/> (n HVPs).</summary>
    public static DenseHessian Compute(ISymmetricOperator @operator)
    {
        ArgumentNullException.ThrowIfNull(@operator);
        using var scope = NewDisposeScope();
        long n = @operator.Dimension;
        var columns = new Tensor[n];
        for (long j = 0; j < n; j++)
        {
            var unit = zeros(n, dtype: ScalarType.Float64);
            unit[j] = 1.0;
            columns[j] = @operator.Apply(unit);
        }
        var raw = stack(columns, 1);
        double scale = raw.abs().max().item<double>();
        double asymmetry = scale > 0 ? (raw - raw.T).abs().max().item<double>() / scale : 0.0;
        return new DenseHessian(TensorArrays.ToJagged((raw + raw.T) / 2), asymmetry);
    }

    /// <summary>The symmetrised matrix as a new n×n float64 tensor in the caller's dispose scope.</summary>
    public Tensor ToTensor() => TensorArrays.FromJagged(Matrix);
}
