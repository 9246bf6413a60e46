using System.CommandLine;
using System.CommandLine.Invocation;

namespace EquiDyn.Cli.Commands;

/// <summary>The action of a command that reads a run or sweep directory (<c>plot</c>, <c>report</c>). It also receives
/// parse errors (ClearsParseErrors), so that a missing argument, a malformed value or an unknown token is one line
/// "equidyn &lt;command&gt;: …" on stderr with exit code 2, like an unreadable directory.</summary>
internal sealed class DirectoryCommandAction(string name, Func<ParseResult, TextWriter, TextWriter, int> run) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var error = parseResult.Errors.FirstOrDefault();
        if (error is not null) return Fail(stderr, name, $"{error.Message} (see equidyn {name} --help)");
        var unmatched = parseResult.UnmatchedTokens.FirstOrDefault();
        return unmatched is not null
            ? Fail(stderr, name, $"unrecognized argument '{unmatched}' (see equidyn {name} --help).")
            : run(parseResult, stdout, stderr);
    }

    /// <summary>Writes "equidyn &lt;name&gt;: message" as one line and returns exit code 2.</summary>
    public static int Fail(TextWriter stderr, string name, string message)
    {
        stderr.WriteLine($"equidyn {name}: {message.ReplaceLineEndings(" ")}");
        return Cli.UsageError;
    }
}
