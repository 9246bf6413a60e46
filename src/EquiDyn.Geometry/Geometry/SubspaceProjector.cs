namespace EquiDyn.Geometry;

/// <summary>The orthogonal projection onto the span of an orthonormal set: Π x = Σ_j q_j ⟨q_j, x⟩.</summary>
/// <remarks>Used for L = span of a user basis (after orthonormalisation) and for E∩L in the general case.</remarks>
public sealed class SubspaceProjector : Projector
{
    private readonly double[][] _orthonormal;

    internal SubspaceProjector(int dimension, double[][] orthonormal)
        : base(dimension)
    {
        _orthonormal = orthonormal;
    }

    /// <inheritdoc />
    public override int Rank => _orthonormal.Length;

    /// <inheritdoc />
    public override void Apply(ReadOnlySpan<double> x, Span<double> result)
    {
        if (x.Length != Dimension || result.Length != Dimension) throw new ArgumentException($"Expected vectors of length {Dimension}.");
        result.Clear();
        foreach (var q in _orthonormal)
        {
            double c = 0;
            for (int e = 0; e < x.Length; e++) c += q[e] * x[e];
            for (int e = 0; e < result.Length; e++) result[e] += c * q[e];
        }
    }

    private protected override double[][] ComputeBasis() => _orthonormal.Select(q => (double[])q.Clone()).ToArray();
}
