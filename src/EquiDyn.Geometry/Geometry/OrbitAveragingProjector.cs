namespace EquiDyn.Geometry;

/// <summary>Orbit averaging: Π_E for a permutation action on entries, or Π_{E∩L} when only some orbits are kept.</summary>
/// <remarks>
/// (Π x)[e] = mean of x over the orbit of e when that orbit is kept, 0 otherwise. For a permutation action this equals
/// the Reynolds average (1/|G|)Σ_g ρ̄_g x, because ρ̄ moves every entry uniformly over its orbit. Range: spanned by the
/// orbit indicators 1_O / √|O| of the kept orbits (the <see cref="Projector.Basis"/>, in orbit order). O(d) per
/// application, independent of |G|.
/// </remarks>
public sealed class OrbitAveragingProjector : Projector
{
    private readonly int[] _orbitIds;
    private readonly int[] _orbitSizes;
    private readonly bool[] _kept;
    private readonly int _rank;

    internal OrbitAveragingProjector(int[] orbitIds, int[] orbitSizes, bool[]? kept = null)
        : base(orbitIds.Length)
    {
        _orbitIds = orbitIds;
        _orbitSizes = orbitSizes;
        _kept = kept ?? Enumerable.Repeat(true, orbitSizes.Length).ToArray();
        _rank = _kept.Count(k => k);
    }

    /// <inheritdoc />
    public override int Rank => _rank;

    /// <summary>The orbit of every entry (a copy; orbits numbered as in <see cref="LayerSpace.OrbitIds"/>).</summary>
    public int[] OrbitIds => (int[])_orbitIds.Clone();

    /// <summary>Whether each orbit is in the range (a copy; all true for Π_E).</summary>
    public bool[] KeptOrbitMask => (bool[])_kept.Clone();

    /// <summary>Indices of the orbits in the range (all orbits for Π_E; the orbits inside the support for Π_{E∩L}).</summary>
    public IReadOnlyList<int> KeptOrbits => Enumerable.Range(0, _kept.Length).Where(o => _kept[o]).ToArray();

    /// <inheritdoc />
    public override void Apply(ReadOnlySpan<double> x, Span<double> result)
    {
        if (x.Length != Dimension || result.Length != Dimension) throw new ArgumentException($"Expected vectors of length {Dimension}.");
        var sums = new double[_orbitSizes.Length];
        for (int e = 0; e < x.Length; e++) sums[_orbitIds[e]] += x[e];
        for (int e = 0; e < result.Length; e++)
        {
            int o = _orbitIds[e];
            result[e] = _kept[o] ? sums[o] / _orbitSizes[o] : 0;
        }
    }

    private protected override double[][] ComputeBasis()
    {
        var index = new int[_kept.Length];
        int next = 0;
        for (int o = 0; o < _kept.Length; o++) index[o] = _kept[o] ? next++ : -1;
        var basis = new double[next][];
        for (int b = 0; b < next; b++) basis[b] = new double[Dimension];
        for (int e = 0; e < Dimension; e++)
        {
            int o = _orbitIds[e];
            if (index[o] >= 0) basis[index[o]][e] = 1 / Math.Sqrt(_orbitSizes[o]);
        }
        return basis;
    }
}
