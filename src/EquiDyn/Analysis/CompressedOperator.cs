using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>The compression Π A Π of a symmetric operator A to a subspace S = range(Π), acting on ℝⁿ.</summary>
/// <remarks>
/// Contract: Apply(v) = Π A Π v. Restricted to S this is the block of A on S (its eigenvalues there are the eigenvalues of
/// QᵀAQ for any orthonormal basis Q of S); on S^⊥ it is zero. Eigen-solvers must therefore start in S and stay there
/// (<see cref="LanczosSolver"/> does, given the same subspace) or the zero eigenvalues of S^⊥ would pollute the spectrum.
/// </remarks>
public sealed class CompressedOperator : ISymmetricOperator
{
    private readonly ISymmetricOperator _inner;

    /// <summary>Wraps A and S.</summary>
    public CompressedOperator(ISymmetricOperator inner, Subspace subspace)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(subspace);
        if (inner.Dimension != subspace.AmbientDimension)
            throw new ArgumentException($"Operator dimension {inner.Dimension} ≠ subspace ambient dimension {subspace.AmbientDimension}.", nameof(subspace));
        _inner = inner;
        Subspace = subspace;
    }

    /// <summary>S.</summary>
    public Subspace Subspace { get; }

    /// <inheritdoc />
    public long Dimension => _inner.Dimension;

    /// <inheritdoc />
    public Tensor Apply(Tensor vector)
    {
        using var scope = NewDisposeScope();
        return Subspace.Project(_inner.Apply(Subspace.Project(vector))).MoveToOuterDisposeScope();
    }
}
