using System.CommandLine;
using System.CommandLine.Invocation;
using EquiDyn.Cli.Help;

namespace EquiDyn.Cli.Commands;

/// <summary>A command action that also receives parse errors (ClearsParseErrors), so that a malformed value or an
/// unknown token is reported as one line "equidyn &lt;command&gt;: …" with exit code 2, like every other bad input; the
/// message names the offending word and suggests the closest known name (<see cref="ParseErrorMessages"/>).
/// Output goes to the invocation's writers (the console by default, StringWriters in tests).</summary>
/// <remarks>Every command with options uses it; Program.cs applies the same rule to errors found before a command's
/// action runs (an unknown command, say).</remarks>
internal sealed class OneLineErrorAction(string name, Func<ParseResult, TextWriter, TextWriter, int> run) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        if (ParseErrorMessages.Describe(parseResult) is { } problem) return Fail(stderr, name, problem);
        try
        {
            return run(parseResult, stdout, stderr);
        }
        catch (Exception e)
        {
            // Whatever a command did not handle itself: one line and a documented exit code (ExitCodes).
            return ExitCodes.Report(stderr, name, e);
        }
    }

    /// <summary>Writes "equidyn &lt;name&gt;: message" as one line and returns exit code 2.</summary>
    public static int Fail(TextWriter stderr, string name, string message)
    {
        stderr.WriteLine($"{(name.Length > 0 ? $"equidyn {name}" : "equidyn")}: {message.ReplaceLineEndings(" ")}");
        return UsageError;
    }

    /// <summary>The exit code of every kind of bad input.</summary>
    public const int UsageError = 2;
}
