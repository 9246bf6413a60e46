namespace EquiDyn.Geometry;

/// <summary>An orbit of entries that lies partly inside and partly outside a support mask, which breaks compatibility.</summary>
/// <remarks>
/// With s = |O ∩ Ω| of |O| entries inside, Π_LΠ_E restricted to this orbit has the non-trivial eigenvalue λ = s/|O|, and
/// the orbit contributes sinθ·cosθ = √(λ(1−λ)) to the singular values of the commutator Π_LΠ_E − Π_EΠ_L.
/// </remarks>
public sealed class StraddlingOrbit
{
    internal StraddlingOrbit(int orbitId, int[] entries, int[] entriesInSupport, Func<int, string> describe)
    {
        OrbitId = orbitId;
        Entries = entries;
        EntriesInSupport = entriesInSupport;
        Labels = entries.Select(describe).ToArray();
        LabelsInSupport = entriesInSupport.Select(describe).ToArray();
    }

    /// <summary>Index of the orbit in its <see cref="LayerSpace"/>.</summary>
    public int OrbitId { get; }

    /// <summary>All entries of the orbit, ascending.</summary>
    public IReadOnlyList<int> Entries { get; }

    /// <summary>The orbit's entries that lie inside the support.</summary>
    public IReadOnlyList<int> EntriesInSupport { get; }

    /// <summary>The entries as "(row,column)" labels, e.g. taps "(0,0)", "(0,2)", "(2,0)", "(2,2)".</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Labels of the entries inside the support.</summary>
    public IReadOnlyList<string> LabelsInSupport { get; }

    /// <summary>λ = |O ∩ Ω| / |O|, the fraction of the orbit inside the support.</summary>
    public double Overlap => (double)EntriesInSupport.Count / Entries.Count;

    /// <summary>√(λ(1−λ)), this orbit's singular value of the commutator.</summary>
    public double CommutatorContribution => Math.Sqrt(Overlap * (1 - Overlap));

    /// <summary>E.g. "{(0,0),(0,2),(2,0),(2,2)}: 1 of 4 inside: (0,0)".</summary>
    public override string ToString() =>
        $"{{{string.Join(",", Labels)}}}: {EntriesInSupport.Count} of {Entries.Count} inside: {string.Join(",", LabelsInSupport)}";
}
