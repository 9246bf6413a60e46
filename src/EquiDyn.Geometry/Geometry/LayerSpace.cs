using EquiDyn.Symmetry;

namespace EquiDyn.Geometry;

/// <summary>H for one channel pair of a layer: the entries of one weight block, with the group's induced action ρ̄ on them.</summary>
/// <remarks>
/// <para>
/// Dense: H = Hom(ℝ^{in sites}, ℝ^{out sites}), entry (o, i) at index o·<see cref="Columns"/> + i, matching a row-major
/// weight matrix W[o, i]. ρ̄_g W = ρ_out(g) W ρ_in(g)⁻¹ moves entry (o, i) to (g·o, g·i); the entry action's generator
/// k is (o, i) ↦ (out_k[o], in_k[i]). An invariant head is Dense with <see cref="SiteAction.Trivial"/> on 1 output site.
/// Kernel: H = ℝ^{taps}, tap (r, c) at index side·r + c; ρ̄ moves taps ("rotate the filter"). Channels are untouched by
/// the group, so a layer with C_out×C_in channel pairs is this space once per pair, with the same orbits.
/// </para>
/// <para>
/// E = {A : ρ̄_g A = A ∀g} is spanned by the orbit indicators of the entries. Orbits are found by union-find over the
/// generator images only (no element list: S_10 on a 10×10→10×10 layer, 10⁴ entries, takes milliseconds), numbered in
/// order of their smallest entry (orbit 0 contains entry 0). Π_E = (1/|G|)Σ_g ρ̄_g is orbit averaging:
/// (Π_E A)[e] = mean of A over the orbit of e; Π_E² = Π_E = Π_Eᵀ; dim E = <see cref="OrbitCount"/>.
/// </para>
/// </remarks>
public sealed class LayerSpace
{
    private readonly int[] _orbitIds;
    private readonly int[] _orbitSizes;
    private int[][]? _orbits;

    private LayerSpace(LayerKind kind, SiteAction entryAction, int rows, int columns, SiteAction? input, SiteAction? output, string description)
    {
        Kind = kind;
        EntryAction = entryAction;
        Rows = rows;
        Columns = columns;
        Input = input;
        Output = output;
        Description = description;
        (_orbitIds, _orbitSizes) = FindOrbits(entryAction);
        Equivariant = new OrbitAveragingProjector(_orbitIds, _orbitSizes);
    }

    /// <summary>The dense block Hom(input sites, output sites); both actions must be of the same group.</summary>
    public static LayerSpace Dense(SiteAction input, SiteAction output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (!input.Group.Equals(output.Group))
            throw new ArgumentException($"The input action is of {input.Group.Name} but the output action is of {output.Group.Name}; one layer carries one group.", nameof(output));
        int nIn = input.SiteCount, nOut = output.SiteCount;
        long entries = (long)nIn * nOut;
        if (entries > int.MaxValue) throw new ArgumentException($"A {nOut}×{nIn} block has too many entries ({entries}).", nameof(output));
        var images = new int[input.Group.GeneratorCount][];
        for (int k = 0; k < images.Length; k++)
        {
            var pIn = input.Images[k];
            var pOut = output.Images[k];
            var p = new int[nOut * nIn];
            for (int o = 0; o < nOut; o++)
            for (int i = 0; i < nIn; i++) p[o * nIn + i] = pOut[o] * nIn + pIn[i];
            images[k] = p;
        }
        // Both factors were validated as actions, so their product is one: no second check.
        var action = new SiteAction(input.Group, nOut * nIn, images, $"induced action on {nOut}×{nIn} weights", validate: false);
        return new LayerSpace(LayerKind.Dense, action, nOut, nIn, input, output, $"dense {input.Name} → {output.Name}");
    }

    /// <summary>The taps of a square convolution kernel (side² sites, tap (r, c) at side·r + c), with the group moving taps.</summary>
    public static LayerSpace Kernel(SiteAction taps)
    {
        ArgumentNullException.ThrowIfNull(taps);
        int side = (int)Math.Round(Math.Sqrt(taps.SiteCount));
        if (side * side != taps.SiteCount)
            throw new ArgumentException($"A kernel needs a square number of taps (side×side), got {taps.SiteCount}.", nameof(taps));
        return new LayerSpace(LayerKind.Kernel, taps, side, side, null, null, $"{side}×{side} kernel, {taps.Name}");
    }

    /// <summary>Dense block or kernel taps.</summary>
    public LayerKind Kind { get; }

    /// <summary>The group acting.</summary>
    public FiniteGroup Group => EntryAction.Group;

    /// <summary>ρ̄ as a permutation action on the entries (site = entry index).</summary>
    public SiteAction EntryAction { get; }

    /// <summary>The input action (dense layers only).</summary>
    public SiteAction? Input { get; }

    /// <summary>The output action (dense layers only).</summary>
    public SiteAction? Output { get; }

    /// <summary>Rows of the entry grid: output sites (dense) or kernel side (kernel).</summary>
    public int Rows { get; }

    /// <summary>Columns of the entry grid: input sites (dense) or kernel side (kernel). Entry (row, column) is row·Columns + column.</summary>
    public int Columns { get; }

    /// <summary>A description for reports.</summary>
    public string Description { get; }

    /// <summary>dim H: the number of entries of one channel-pair block.</summary>
    public int Dimension => _orbitIds.Length;

    /// <summary>Orbit index of every entry (a copy): OrbitIds[e] ∈ [0, <see cref="OrbitCount"/>), orbits numbered by smallest entry.</summary>
    public int[] OrbitIds => (int[])_orbitIds.Clone();

    /// <summary>Number of orbits = dim E.</summary>
    public int OrbitCount => _orbitSizes.Length;

    /// <summary>|O| for every orbit, by orbit index (a copy).</summary>
    public int[] OrbitSizes => (int[])_orbitSizes.Clone();

    /// <summary>The entries of every orbit, ascending, by orbit index.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Orbits => _orbits ??= GroupByOrbit();

    /// <summary>Π_E, orbit averaging (see remarks).</summary>
    public OrbitAveragingProjector Equivariant { get; }

    /// <summary>The entry's position as "(row,column)", e.g. a tap "(0,2)" or a weight "(o,i)".</summary>
    public string DescribeEntry(int entry) => $"({entry / Columns},{entry % Columns})";

    private int[][] GroupByOrbit()
    {
        var orbits = _orbitSizes.Select(size => new List<int>(size)).ToArray();
        for (int e = 0; e < _orbitIds.Length; e++) orbits[_orbitIds[e]].Add(e);
        return orbits.Select(o => o.ToArray()).ToArray();
    }

    /// <summary>Union-find over generator images: entries e and g_k·e share an orbit; the closure over generators is the group's.</summary>
    private static (int[] OrbitIds, int[] OrbitSizes) FindOrbits(SiteAction action)
    {
        int n = action.SiteCount;
        var parent = new int[n];
        for (int e = 0; e < n; e++) parent[e] = e;

        int Find(int e)
        {
            while (parent[e] != e)
            {
                parent[e] = parent[parent[e]];
                e = parent[e];
            }
            return e;
        }

        foreach (var p in action.Images)
            for (int e = 0; e < n; e++)
            {
                int a = Find(e), b = Find(p[e]);
                if (a == b) continue;
                // Union towards the smaller root keeps every root the smallest entry of its set.
                if (a < b) parent[b] = a; else parent[a] = b;
            }

        var ids = new int[n];
        var rootToOrbit = new Dictionary<int, int>();
        var sizes = new List<int>();
        for (int e = 0; e < n; e++)
        {
            int root = Find(e);
            if (!rootToOrbit.TryGetValue(root, out int orbit))
            {
                orbit = sizes.Count;
                rootToOrbit[root] = orbit;
                sizes.Add(0);
            }
            ids[e] = orbit;
            sizes[orbit]++;
        }
        return (ids, sizes.ToArray());
    }
}
