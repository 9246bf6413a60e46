using System.CommandLine;
using System.CommandLine.Invocation;

namespace EquiDyn.Cli.Commands;

/// <summary>A command action that also receives parse errors (ClearsParseErrors), so that a malformed value or an
/// unknown token is reported as one line "equidyn &lt;command&gt;: …" with exit code 2, like every other bad input.
/// Output goes to the invocation's writers (the console by default, StringWriters in tests).</summary>
internal sealed class OneLineErrorAction(string name, Func<ParseResult, TextWriter, TextWriter, int> run) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var error = parseResult.Errors.FirstOrDefault();
        if (error is not null) return Fail(stderr, name, error.Message);
        var unmatched = parseResult.UnmatchedTokens.FirstOrDefault();
        return unmatched is not null
            ? Fail(stderr, name, $"unrecognized argument '{unmatched}' (see equidyn {name} --help).")
            : run(parseResult, stdout, stderr);
    }

    /// <summary>Writes "equidyn &lt;name&gt;: message" as one line and returns exit code 2.</summary>
    public static int Fail(TextWriter stderr, string name, string message)
    {
        stderr.WriteLine($"equidyn {name}: {message.ReplaceLineEndings(" ")}");
        return 2;
    }
}
