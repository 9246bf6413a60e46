namespace EquiDyn.Symmetry;

/// <summary>Permutations of an n×n grid of sites, indexed row-major: site (r, c) ↦ n·r + c.</summary>
/// <remarks>
/// The rotation turns the grid by 90° about its centre, (r, c) ↦ (n−1−c, r); it has a fixed site only for odd n.
/// With tx: (r, c) ↦ (r, c+1 mod n) and ty: (r, c) ↦ (r+1 mod n, c), conjugation gives R·tx·R⁻¹ = ty⁻¹ and
/// R·ty·R⁻¹ = tx, the relations used in <see cref="RotoTranslationGroup"/>'s presentation.
/// </remarks>
internal static class GridMaps
{
    public static int[] Rotation(int n) => Build(n, (r, c) => (n - 1 - c, r));

    /// <summary>The rotation by q quarter turns (q ≥ 0): <see cref="Rotation"/> applied q times.</summary>
    public static int[] QuarterTurns(int n, int q)
    {
        var p = Permutations.Identity(n * n);
        for (int i = 0; i < q; i++) p = Permutations.Compose(Rotation(n), p);
        return p;
    }

    /// <summary>The shift i ↦ i + step (mod length) of a ring of sites.</summary>
    public static int[] RingShift(int length, int step)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, "A ring needs at least one site.");
        var p = new int[length];
        for (int i = 0; i < length; i++) p[i] = (int)(((long)i + step) % length + length) % length;
        return p;
    }

    /// <summary>The reflection i ↦ −i (mod length) of a ring of sites.</summary>
    public static int[] RingReflection(int length)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, "A ring needs at least one site.");
        var p = new int[length];
        for (int i = 0; i < length; i++) p[i] = (length - i) % length;
        return p;
    }

    public static int[] ColumnFlip(int n) => Build(n, (r, c) => (r, n - 1 - c));

    public static int[] ShiftX(int n) => Build(n, (r, c) => (r, (c + 1) % n));

    public static int[] ShiftY(int n) => Build(n, (r, c) => ((r + 1) % n, c));

    /// <summary>The action on n×n matrix entries (i, j) ↦ (π i, π j) induced by a permutation π of n nodes.</summary>
    public static int[] OnMatrixEntries(int[] pi)
    {
        int n = pi.Length;
        return Build(n, (i, j) => (pi[i], pi[j]));
    }

    private static int[] Build(int n, Func<int, int, (int Row, int Column)> map)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "A grid needs a positive side length.");
        var images = new int[n * n];
        for (int r = 0; r < n; r++)
        for (int c = 0; c < n; c++)
        {
            var (r2, c2) = map(r, c);
            images[n * r + c] = n * r2 + c2;
        }
        return images;
    }
}
