namespace EquiDyn.Data;

/// <summary>Parameters of <see cref="SimpleShapes.Generate"/>; the defaults follow docs/experiments/rotation.md.</summary>
public sealed record SimpleShapesOptions
{
    /// <summary>Number of samples (3000).</summary>
    public int Count { get; init; } = 3000;

    /// <summary>Image side in pixels (14).</summary>
    public int Size { get; init; } = 14;

    /// <summary>Sample points per pixel side for the coverage estimate (8, i.e. 64 points per pixel).</summary>
    public int Supersampling { get; init; } = 8;

    /// <summary>The mask of the absent shape (default <see cref="Data.AbsentMask.Zeros"/>).</summary>
    public AbsentMask AbsentMask { get; init; } = AbsentMask.Zeros;

    /// <summary>Background grey level (1.0).</summary>
    public float Background { get; init; } = 1.0f;

    /// <summary>Grey level of a fully covered pixel (0.4).</summary>
    public float ShapeGrey { get; init; } = 0.4f;

    /// <summary>Seed of the <see cref="DataRandom"/>.</summary>
    public ulong Seed { get; init; }
}
