using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>Eigendecomposition of a small dense symmetric float64 matrix (torch.linalg.eigh).</summary>
/// <remarks>Contract: A = V diag(λ) Vᵀ with λ ascending and V orthogonal (columns = eigenvectors). The input is symmetrised
/// first because eigh reads only one triangle; symmetrising makes the result independent of which one.</remarks>
public sealed class SymmetricEigen
{
    private SymmetricEigen(double[] values, double[][] vectors)
    {
        Values = values;
        Vectors = vectors;
    }

    /// <summary>λ, ascending.</summary>
    public double[] Values { get; }

    /// <summary>V row-major: <c>Vectors[i][k]</c> is component i of the eigenvector of <c>Values[k]</c>.</summary>
    public double[][] Vectors { get; }

    /// <summary>Decomposes a square float64 tensor.</summary>
    public static SymmetricEigen Decompose(Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.dim() != 2 || matrix.shape[0] != matrix.shape[1])
            throw new ArgumentException("Expected a square matrix.", nameof(matrix));
        using var scope = NewDisposeScope();
        var symmetric = (matrix.to_type(ScalarType.Float64) + matrix.to_type(ScalarType.Float64).T) / 2;
        if (symmetric.shape[0] == 0) return new SymmetricEigen(Array.Empty<double>(), Array.Empty<double[]>());
        var (values, vectors) = linalg.eigh(symmetric);
        return new SymmetricEigen(TensorArrays.ToArray(values), TensorArrays.ToJagged(vectors));
    }

    /// <summary>Decomposes a square row-major matrix.</summary>
    public static SymmetricEigen Decompose(double[][] matrix)
    {
        using var scope = NewDisposeScope();
        return Decompose(TensorArrays.FromJagged(matrix));
    }
}
