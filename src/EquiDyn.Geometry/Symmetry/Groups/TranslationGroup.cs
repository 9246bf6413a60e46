namespace EquiDyn.Symmetry;

/// <summary>Cyclic translations of an n×n grid: Z_n×Z_n (generators tx, ty) or Z_n along x only (generator tx).</summary>
/// <remarks>
/// tx: (r, c) ↦ (r, c+1 mod n); ty: (r, c) ↦ (r+1 mod n, c). Presentations ⟨tx, ty | txⁿ, tyⁿ, tx·ty·tx⁻¹·ty⁻¹⟩ (order n²)
/// and ⟨tx | txⁿ⟩ (order n). A circular convolution is translation-equivariant by construction, so translations act
/// trivially on kernel taps (<see cref="OnKernelTaps"/>).
/// </remarks>
public sealed class TranslationGroup : FiniteGroup, IGridSymmetry
{
    private TranslationGroup(string name, int n, bool planar)
        : base(name, planar ? n * n : n,
            planar ? new[] { GridMaps.ShiftX(n), GridMaps.ShiftY(n) } : new[] { Cycle(n) },
            planar ? new[] { "tx", "ty" } : new[] { "tx" },
            planar ? (long)n * n : n,
            planar
                ? new[] { Enumerable.Repeat(0, n).ToArray(), Enumerable.Repeat(1, n).ToArray(), new[] { 0, 1, ~0, ~1 } }
                : new[] { Enumerable.Repeat(0, n).ToArray() })
    {
        GridSide = n;
        IsPlanar = planar;
    }

    /// <summary>Z_n×Z_n, the 2-D cyclic translations of an n×n grid.</summary>
    public static TranslationGroup Planar(int n) => new($"Z{RequirePositive(n)}×Z{n}", n, planar: true);

    /// <summary>Z_n, the cyclic translations of an n×n grid along x (columns) only.</summary>
    public static TranslationGroup AlongX(int n) => new($"Z{RequirePositive(n)}", n, planar: false);

    /// <summary>Side n of the grid the group translates.</summary>
    public int GridSide { get; }

    /// <summary>True for Z_n×Z_n, false for translations along x only.</summary>
    public bool IsPlanar { get; }

    /// <summary>The translations acting on the pixels of the n×n grid.</summary>
    public SiteAction OnGrid() => IsPlanar
        ? new(this, GridSide * GridSide, new[] { GridMaps.ShiftX(GridSide), GridMaps.ShiftY(GridSide) }, $"cyclic translations of a {GridSide}×{GridSide} grid")
        : new(this, GridSide * GridSide, new[] { GridMaps.ShiftX(GridSide) }, $"cyclic x-translations of a {GridSide}×{GridSide} grid");

    /// <summary>The translations acting on the pixels of the grid; <paramref name="side"/> must be <see cref="GridSide"/>.</summary>
    public SiteAction OnGrid(int side) => side == GridSide
        ? OnGrid()
        : throw new ArgumentException($"{Name} translates a {GridSide}×{GridSide} grid, not a {side}×{side} one; create the group for side {side}.", nameof(side));

    /// <summary>The trivial action on side×side kernel taps: translating the image does not move a convolution's taps.</summary>
    public SiteAction OnKernelTaps(int side = 3) => SiteAction.Trivial(this, side * side, $"{side}×{side} kernel taps (translations act trivially)");

    private static int[] Cycle(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = (i + 1) % n;
        return p;
    }

    private static int RequirePositive(int n) =>
        n > 0 ? n : throw new ArgumentOutOfRangeException(nameof(n), n, "The grid side must be positive.");
}
