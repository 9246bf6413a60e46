namespace EquiDyn.Tests.Reporting;

/// <summary>
/// A test that renders a page in headless Chromium (Debian: apt-get install -y chromium); skipped, not failed, without
/// it, because a browser is an optional check of the report and no required test may depend on it.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null)
            Skip = "Chromium not found (apt-get install -y chromium); scripts/check-report.sh renders the report in it";
    }
}

/// <summary>Finds a Chromium (or Chrome) executable on PATH.</summary>
public static class Chromium
{
    private static readonly Lazy<string?> Found = new(() =>
        new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => System.IO.Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists));

    public static string? Path => Found.Value;
}
