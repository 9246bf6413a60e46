using System.Text.Json;
using EquiDyn.Data;
using EquiDyn.Experiments;
using EquiDyn.Training;

namespace EquiDyn.Cli.Commands;

/// <summary>The exit codes of <c>equidyn</c> (listed in the root <c>--help</c> and docs/runs.md) and the mapping of
/// every failure to one stderr line and one of them.</summary>
internal static class ExitCodes
{
    public const int Done = 0;
    public const int DataUnavailable = 1;
    public const int BadInput = 2;
    public const int Diverged = 3;
    public const int Stopped = 4;
    public const int Locked = 5;
    public const int WriteFailed = 6;
    public const int InternalError = 70;
    public const int Interrupted = EquiDyn.Cli.Experiments.RunInterruption.ExitCode;

    /// <summary>Every exit code and its meaning, as <c>equidyn --help</c> lists them (docs/runs.md has the table).</summary>
    public static IReadOnlyList<(int Code, string Meaning)> Meanings { get; } = new[]
    {
        (Done, "done"),
        (DataUnavailable, "data unavailable (npm missing or failed, data files absent)"),
        (BadInput, "bad input (arguments, environment, spec, data file, checkpoint, damaged run directory); nothing was changed"),
        (Diverged, "training diverged; the last good checkpoint is kept"),
        (Stopped, "stopped on request (--stop-after-epochs)"),
        (Locked, "the sweep directory is locked by another running equidyn"),
        (WriteFailed, "reading or writing failed (disk full, permissions); --resume continues"),
        (InternalError, "internal error (a bug): the stack trace is in the log file named on stderr"),
        (Interrupted, "interrupted by Ctrl-C; --resume continues from the last checkpoint"),
    };

    /// <summary>Writes one line for <paramref name="error"/> (as "equidyn &lt;command&gt;: …") and returns its exit
    /// code. An unexpected exception (a bug) gets one line pointing to a log file holding the stack trace.</summary>
    public static int Report(TextWriter stderr, string command, Exception error)
    {
        if (error is AggregateException { InnerExceptions.Count: 1 } aggregate) error = aggregate.InnerExceptions[0];
        var (code, message) = Classify(error);
        if (code == InternalError)
            message = $"internal error ({error.GetType().Name}: {error.Message}); this is a bug, please report it with the stack trace in {WriteLog(command, error)}";
        string prefix = command.Length > 0 ? $"equidyn {command}" : "equidyn";
        stderr.WriteLine($"{prefix}: {message.ReplaceLineEndings(" ")}");
        return code;
    }

    private static (int Code, string Message) Classify(Exception e) => e switch
    {
        RunDivergedException => (Diverged, e.Message),
        TrainingDivergedException => (Diverged, e.Message),
        RunStoppedException => (Stopped, e.Message),
        SweepLockedException => (Locked, e.Message),
        DataFetchException => (DataUnavailable, e.Message),
        ExperimentSpecException or DataFormatException or RunDirectoryException or FormatException => (BadInput, e.Message),
        JsonException => (BadInput, $"invalid JSON: {e.Message}"),
        InvalidDataException => (BadInput, e.Message),
        FileNotFoundException or DirectoryNotFoundException => (BadInput, e.Message),
        IOException io when IsDiskFull(io) => (WriteFailed, $"the disk is full ({io.Message}); free space, then continue with equidyn run --resume DIR (nothing before the last checkpoint is lost)"),
        PathTooLongException => (BadInput, e.Message),
        IOException or UnauthorizedAccessException => (WriteFailed, $"{e.Message} (check the path and its permissions; an interrupted run continues with equidyn run --resume DIR)"),
        _ => (InternalError, ""),
    };

    /// <summary>ENOSPC (28) or EDQUOT (122) on Linux, ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.</summary>
    private static bool IsDiskFull(IOException e) =>
        (e.HResult & 0xFFFF) is 28 or 122 or 0x70 or 0x27 || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);

    private static string WriteLog(string command, Exception error)
    {
        try
        {
            var path = Path.Combine(Path.GetTempPath(), $"equidyn-error-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
            File.WriteAllText(path, $"equidyn {command} ({Environment.CommandLine}) at {DateTime.UtcNow:O}{Environment.NewLine}{error}{Environment.NewLine}");
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "(no log file: the temporary folder is not writable)";
        }
    }
}
