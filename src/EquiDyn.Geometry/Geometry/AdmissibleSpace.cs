namespace EquiDyn.Geometry;

/// <summary>L ⊆ H, the admissible layers of an architecture: all of H, a support mask, or the span of given vectors.</summary>
/// <remarks>
/// L is a linear subspace; Π_L is its orthogonal projection (Π_L² = Π_L = Π_Lᵀ). For a support mask Ω, Π_L multiplies by
/// the 0/1 mask (the code's support-restricted convolution). For a spanning set, the vectors are orthonormalised
/// (modified Gram–Schmidt, dependent vectors dropped), so any basis, orthonormal or not, gives the same L.
/// </remarks>
public sealed class AdmissibleSpace
{
    private readonly bool[]? _mask;

    private AdmissibleSpace(Projector projector, bool[]? mask, string description)
    {
        Projector = projector;
        _mask = mask;
        Description = description;
    }

    /// <summary>L = H = ℝ^d (e.g. an MLP layer).</summary>
    public static AdmissibleSpace Full(int dimension)
    {
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The ambient dimension must be positive.");
        var mask = Enumerable.Repeat(true, dimension).ToArray();
        return new AdmissibleSpace(new MaskProjector(mask), mask, "all of H");
    }

    /// <summary>L = {A : A[e] = 0 for every e outside the support}; <paramref name="mask"/>[e] says whether entry e is in it.</summary>
    public static AdmissibleSpace SupportMask(bool[] mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Length == 0) throw new ArgumentException("A support mask needs at least one entry.", nameof(mask));
        var copy = (bool[])mask.Clone();
        return new AdmissibleSpace(new MaskProjector(copy), copy, $"support of {copy.Count(m => m)} of {copy.Length} entries");
    }

    /// <summary>L = span of the given vectors (orthonormal or not; dependent vectors allowed and dropped).</summary>
    /// <param name="vectors">Spanning vectors, all of the ambient length.</param>
    /// <param name="tolerance">A vector is dropped when its component orthogonal to the earlier ones is below tolerance × its norm.</param>
    public static AdmissibleSpace SpannedBy(IReadOnlyList<double[]> vectors, double tolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0) throw new ArgumentException("Give at least one vector (L = {0} has no ambient dimension to infer).", nameof(vectors));
        int d = vectors[0].Length;
        for (int j = 0; j < vectors.Count; j++)
            if (vectors[j] is null || vectors[j].Length != d)
                throw new ArgumentException($"Vector {j} has length {vectors[j]?.Length ?? 0}, expected {d} like vector 0.", nameof(vectors));
        var orthonormal = VectorMath.Orthonormalize(vectors, tolerance);
        return new AdmissibleSpace(new SubspaceProjector(d, orthonormal), null, $"span of {vectors.Count} vector(s), rank {orthonormal.Length}");
    }

    /// <summary>Π_L.</summary>
    public Projector Projector { get; }

    /// <summary>dim H, the ambient dimension.</summary>
    public int Dimension => Projector.Dimension;

    /// <summary>dim L.</summary>
    public int Rank => Projector.Rank;

    /// <summary>Whether L is given by a support mask (then <see cref="Mask"/> is set).</summary>
    public bool IsSupportMask => _mask is not null;

    /// <summary>The support mask (a copy), or null when L is spanned by vectors.</summary>
    public bool[]? Mask => (bool[]?)_mask?.Clone();

    /// <summary>An orthonormal basis of L.</summary>
    public IReadOnlyList<double[]> OrthonormalBasis => Projector.Basis;

    /// <summary>A description for reports.</summary>
    public string Description { get; }

    internal bool[]? MaskView => _mask;
}
