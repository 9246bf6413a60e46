using System.CommandLine;
using EquiDyn.Cli.Commands;

namespace EquiDyn.Tests.Support;

/// <summary>Runs equidyn in-process, with every command of the catalog, and captures its output: the one way the tests
/// drive the command line.</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = EquiDynCommandLine.Invoke(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
