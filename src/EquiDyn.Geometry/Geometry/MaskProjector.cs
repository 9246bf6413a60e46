namespace EquiDyn.Geometry;

/// <summary>Π_L for a support mask: keeps the entries in the support and zeroes the rest.</summary>
/// <remarks>Π = diag(mask); its range is spanned by the unit vectors e_j of the support (the basis, in entry order).</remarks>
public sealed class MaskProjector : Projector
{
    private readonly bool[] _mask;
    private readonly int _rank;

    internal MaskProjector(bool[] mask)
        : base(mask.Length)
    {
        _mask = mask;
        _rank = mask.Count(m => m);
    }

    /// <inheritdoc />
    public override int Rank => _rank;

    /// <summary>Whether entry <paramref name="entry"/> is in the support.</summary>
    public bool Contains(int entry) => _mask[entry];

    /// <inheritdoc />
    public override void Apply(ReadOnlySpan<double> x, Span<double> result)
    {
        if (x.Length != Dimension || result.Length != Dimension) throw new ArgumentException($"Expected vectors of length {Dimension}.");
        for (int e = 0; e < x.Length; e++) result[e] = _mask[e] ? x[e] : 0;
    }

    private protected override double[][] ComputeBasis()
    {
        var basis = new List<double[]>();
        for (int e = 0; e < Dimension; e++)
        {
            if (!_mask[e]) continue;
            var unit = new double[Dimension];
            unit[e] = 1;
            basis.Add(unit);
        }
        return basis.ToArray();
    }
}
