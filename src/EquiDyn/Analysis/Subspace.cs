using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>A linear subspace S of parameter space ℝⁿ, known by an orthonormal basis or by its orthogonal projector.</summary>
/// <remarks>
/// <para>Contract: <see cref="Project"/> is the orthogonal projector Π_S (self-adjoint, idempotent), applied with TorchSharp
/// operations so that it is differentiable (the stabilising regulariser differentiates through it). From a basis Q with
/// orthonormal columns, Π_S v = Q(Qᵀv). A projector delegate must itself be linear, self-adjoint, idempotent and built
/// from differentiable tensor operations; only its action is used, so S may be far too large for a basis.</para>
/// <para>In EquiDyn's use θ are the coefficients of a unitary parametrization of 𝓛, so the subspaces of interest are
/// 𝓔∩𝓛 and, under compatibility, its complement 𝓔^⊥∩𝓛 = 𝓛 ⊖ (𝓔∩𝓛) (docs/concepts.md, docs/stability.md).</para>
/// <para>The basis tensor is detached from every dispose scope and freed by the garbage collector with the subspace.</para>
/// </remarks>
public sealed class Subspace
{
    private readonly Tensor? _basis;
    private readonly Func<Tensor, Tensor>? _projector;

    private Subspace(string name, long ambientDimension, long? rank, Tensor? basis, Func<Tensor, Tensor>? projector)
    {
        Name = name;
        AmbientDimension = ambientDimension;
        Rank = rank;
        _basis = basis;
        _projector = projector;
    }

    /// <summary>A short name used in reports, e.g. "E∩L".</summary>
    public string Name { get; }

    /// <summary>n, the dimension of the parameter space the subspace lives in.</summary>
    public long AmbientDimension { get; }

    /// <summary>dim S when known (always for a basis; for a projector only if the caller said so).</summary>
    public long? Rank { get; }

    /// <summary>True when the subspace was given by an orthonormal basis (then <see cref="BasisMatrix"/> is available).</summary>
    public bool HasBasis => _basis is not null;

    /// <summary>The subspace spanned by the columns of <paramref name="basis"/> (n×k float64, orthonormal columns).</summary>
    /// <param name="name">Name for reports.</param>
    /// <param name="basis">Q with QᵀQ = I; copied.</param>
    /// <param name="orthonormalityTolerance">Largest accepted max|QᵀQ − I|; a non-orthonormal Q would silently make Q Qᵀ a non-projector.</param>
    public static Subspace FromBasis(string name, Tensor basis, double orthonormalityTolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(basis);
        if (basis.dim() != 2 || basis.dtype != ScalarType.Float64)
            throw new ArgumentException($"Expected an n×k float64 matrix, got {basis.dtype} of shape [{string.Join(",", basis.shape)}].", nameof(basis));
        using (var scope = NewDisposeScope())
        {
            long k = basis.shape[1];
            double defect = k == 0 ? 0 : (basis.T.matmul(basis) - eye(k, dtype: ScalarType.Float64)).abs().max().item<double>();
            if (defect > orthonormalityTolerance)
                throw new ArgumentException($"The basis columns are not orthonormal (max |QᵀQ − I| = {defect:E2}).", nameof(basis));
        }
        var copy = basis.detach().clone().DetachFromDisposeScope();
        return new Subspace(name, basis.shape[0], basis.shape[1], copy, null);
    }

    /// <summary>The subspace given by an orthogonal projector delegate on ℝⁿ.</summary>
    /// <param name="name">Name for reports.</param>
    /// <param name="projector">v ↦ Π_S v; linear, self-adjoint, idempotent, differentiable.</param>
    /// <param name="ambientDimension">n.</param>
    /// <param name="rank">dim S if known, else null.</param>
    public static Subspace FromProjector(string name, Func<Tensor, Tensor> projector, long ambientDimension, long? rank = null)
    {
        ArgumentNullException.ThrowIfNull(projector);
        if (ambientDimension < 1) throw new ArgumentOutOfRangeException(nameof(ambientDimension), "The parameter space must have dimension ≥ 1.");
        return new Subspace(name, ambientDimension, rank, null, projector);
    }

    /// <summary>All of ℝⁿ (e.g. 𝓛 itself when θ are coordinates of a unitary parametrization).</summary>
    public static Subspace Whole(string name, long dimension) =>
        FromProjector(name, v => v.alias(), dimension, dimension);

    /// <summary>Π_S v (differentiable in v).</summary>
    public Tensor Project(Tensor vector)
    {
        VectorChecks.RequireVector(vector, nameof(vector), AmbientDimension);
        return _basis is not null ? _basis.matmul(_basis.T.matmul(vector)) : _projector!(vector);
    }

    /// <summary>The orthogonal complement S^⊥ in ℝⁿ, with projector I − Π_S.</summary>
    public Subspace OrthogonalComplement(string name) =>
        FromProjector(name, v => v - Project(v), AmbientDimension, AmbientDimension - Rank);

    /// <summary>The subspace with projector Π_outer − Π_inner, i.e. outer ⊖ inner.</summary>
    /// <remarks>Valid only when inner ⊆ outer, e.g. 𝓔^⊥∩𝓛 = 𝓛 ⊖ (𝓔∩𝓛) under the compatibility condition, where
    /// Π_{𝓔⊥∩𝓛} = Π_𝓛 − Π_{𝓔∩𝓛} (docs/concepts.md). Nothing here can check the inclusion cheaply.</remarks>
    public static Subspace Difference(string name, Subspace outer, Subspace inner)
    {
        ArgumentNullException.ThrowIfNull(outer);
        ArgumentNullException.ThrowIfNull(inner);
        if (outer.AmbientDimension != inner.AmbientDimension)
            throw new ArgumentException("Both subspaces must live in the same parameter space.", nameof(inner));
        return FromProjector(name, v => outer.Project(v) - inner.Project(v), outer.AmbientDimension, outer.Rank - inner.Rank);
    }

    /// <summary>A copy of the basis Q (n×k) in the caller's dispose scope; only when <see cref="HasBasis"/>.</summary>
    public Tensor BasisMatrix() =>
        _basis?.clone() ?? throw new InvalidOperationException($"Subspace {Name} was given by a projector, not a basis; use OrthonormalBasis().");

    /// <summary>An orthonormal basis (n×k), from the stored basis or, for a projector, from eigh of its n×n matrix.</summary>
    /// <remarks>The projector route applies Π_S to all n unit vectors, so it is only for small n (dense checks). A projector
    /// has eigenvalues 0 and 1, so eigenvectors with eigenvalue above ½ span S exactly.</remarks>
    public Tensor OrthonormalBasis()
    {
        if (_basis is not null) return _basis.clone();
        using var scope = NewDisposeScope();
        var columns = new Tensor[AmbientDimension];
        for (long j = 0; j < AmbientDimension; j++)
        {
            var unit = zeros(AmbientDimension, dtype: ScalarType.Float64);
            unit[j] = 1.0;
            columns[j] = Project(unit).detach();
        }
        var matrix = stack(columns, 1);
        var (values, vectors) = linalg.eigh((matrix + matrix.T) / 2);
        var keep = nonzero(values > 0.5).flatten();
        return vectors.index_select(1, keep).MoveToOuterDisposeScope();
    }
}
