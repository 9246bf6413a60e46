using System.Diagnostics;

namespace EquiDyn.Tests.Data;

/// <summary>
/// A test that needs Python with numpy (Debian: apt-get install python3-numpy); skipped, not failed, without it,
/// because numpy is an optional cross-check and no required test may depend on it.
/// </summary>
public sealed class NumpyFactAttribute : FactAttribute
{
    public NumpyFactAttribute()
    {
        if (NumpyPython.Interpreter is null)
            Skip = "Python with numpy not found (apt-get install python3-numpy)";
    }
}

/// <summary>Finds a Python interpreter that can import numpy and runs scripts with it.</summary>
public static class NumpyPython
{
    // A user-level python3 (pyenv, venv) may lack numpy while the system one has it: try both.
    private static readonly Lazy<string?> Found = new(() =>
        new[] { "python3", "/usr/bin/python3" }.FirstOrDefault(p => TryRun(p, "import numpy", out _)));

    public static string? Interpreter => Found.Value;

    /// <summary>Runs <paramref name="script"/>; returns standard output or throws with standard error.</summary>
    public static string Run(string script)
    {
        if (!TryRun(Interpreter ?? throw new InvalidOperationException("numpy unavailable"), script, out var output))
            throw new InvalidOperationException($"python failed:\n{output}");
        return output;
    }

    private static bool TryRun(string python, string script, out string output)
    {
        try
        {
            var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            using var p = Process.Start(start)!;
            var stderr = p.StandardError.ReadToEndAsync();
            output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
                output += stderr.Result;
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            output = "";
            return false;
        }
    }
}
