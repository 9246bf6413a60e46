using System.CommandLine;
using EquiDyn.Cli.Commands;

namespace EquiDyn.Tests.Support;

/// <summary>Runs equidyn in-process, with every command of the catalog, and captures its output: the one way the tests
/// drive the command line.</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand();
        foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
