using MathNet.Numerics.LinearAlgebra;

namespace EquiDyn.Geometry;

/// <summary>An orthogonal projection Π on ℝ^d (d = <see cref="Dimension"/>), e.g. Π_E, Π_L or Π_{E∩L} of one layer block.</summary>
/// <remarks>
/// Contract for every implementation: Π² = Π = Πᵀ with respect to the Euclidean (Frobenius, for matrices) inner product;
/// <see cref="Rank"/> = tr Π = dim range(Π); <see cref="Basis"/> is an orthonormal basis of the range, so
/// Π = Σ_j b_j b_jᵀ. Vectors are the layer's entries in the owning space's order (see <see cref="LayerSpace"/>).
/// </remarks>
public abstract class Projector
{
    /// <summary>Largest ambient dimension for which a dense matrix (<see cref="ToMatrix"/>) is built.</summary>
    public const int MaxDenseDimension = 4096;

    private double[][]? _basis;

    private protected Projector(int dimension)
    {
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "A projector needs a positive ambient dimension.");
        Dimension = dimension;
    }

    /// <summary>d, the dimension of the ambient space the projector acts on.</summary>
    public int Dimension { get; }

    /// <summary>dim range(Π) = tr Π.</summary>
    public abstract int Rank { get; }

    /// <summary>An orthonormal basis of range(Π) (<see cref="Rank"/> vectors of length <see cref="Dimension"/>).</summary>
    public IReadOnlyList<double[]> Basis => _basis ??= ComputeBasis();

    /// <summary>Writes Π x into <paramref name="result"/> (which may not alias <paramref name="x"/>).</summary>
    public abstract void Apply(ReadOnlySpan<double> x, Span<double> result);

    /// <summary>Returns Π x.</summary>
    public double[] Apply(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length != Dimension) throw new ArgumentException($"Expected a vector of length {Dimension}, got {x.Length}.", nameof(x));
        var result = new double[Dimension];
        Apply(x, result);
        return result;
    }

    /// <summary>Π as a dense d×d matrix (column j = Π e_j); only for d ≤ <see cref="MaxDenseDimension"/>.</summary>
    public double[,] ToMatrix()
    {
        if (Dimension > MaxDenseDimension)
            throw new InvalidOperationException($"A dense {Dimension}×{Dimension} projector matrix is too large (limit {MaxDenseDimension}); use Apply.");
        var matrix = new double[Dimension, Dimension];
        var unit = new double[Dimension];
        var column = new double[Dimension];
        for (int j = 0; j < Dimension; j++)
        {
            unit[j] = 1;
            Apply(unit, column);
            unit[j] = 0;
            for (int i = 0; i < Dimension; i++) matrix[i, j] = column[i];
        }
        return matrix;
    }

    /// <summary>The default basis: eigenvectors of the dense matrix with eigenvalue 1 (implementations with structure override it).</summary>
    private protected virtual double[][] ComputeBasis()
    {
        var evd = Matrix<double>.Build.DenseOfArray(ToMatrix()).Evd(Symmetricity.Symmetric);
        var basis = new List<double[]>();
        for (int i = 0; i < Dimension; i++)
            if (evd.EigenValues[i].Real > 0.5) basis.Add(evd.EigenVectors.Column(i).ToArray());
        return basis.ToArray();
    }
}
