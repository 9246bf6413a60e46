using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>A symmetric operator given by an explicit n×n float64 matrix (small models, synthetic tests, dense checks).</summary>
/// <remarks>Contract: Apply(v) = M v. The matrix is symmetrised on construction, (M + Mᵀ)/2, so the operator is exactly
/// self-adjoint even when M carries rounding asymmetry (e.g. a Hessian assembled from HVP columns).</remarks>
public sealed class MatrixOperator : ISymmetricOperator
{
    private readonly Tensor _matrix;

    /// <summary>Wraps (a symmetrised copy of) <paramref name="matrix"/>.</summary>
    public MatrixOperator(Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.dim() != 2 || matrix.shape[0] != matrix.shape[1] || matrix.dtype != ScalarType.Float64)
            throw new ArgumentException($"Expected a square float64 matrix, got {matrix.dtype} of shape [{string.Join(",", matrix.shape)}].", nameof(matrix));
        using var scope = NewDisposeScope();
        _matrix = ((matrix + matrix.T) / 2).detach().DetachFromDisposeScope();
    }

    /// <inheritdoc />
    public long Dimension => _matrix.shape[0];

    /// <summary>A copy of the (symmetrised) matrix in the caller's dispose scope.</summary>
    public Tensor Matrix() => _matrix.clone();

    /// <inheritdoc />
    public Tensor Apply(Tensor vector)
    {
        VectorChecks.RequireVector(vector, nameof(vector), Dimension);
        return _matrix.matmul(vector);
    }
}
