using System.CommandLine;

namespace EquiDyn.Cli.Commands;

/// <summary><c>equidyn data …</c>: obtaining and inspecting datasets (see docs/data.md).</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Fetch and inspect datasets (MNIST digits, Fashion-MNIST, SimpleShapes, SBM graphs).");
        command.Subcommands.Add(DataFetchCommand.Create());
        command.Subcommands.Add(DataInfoCommand.Create());
        return command;
    }

    /// <summary>Runs a data action: data that cannot be obtained (npm missing, files absent) gives exit code 1, a
    /// malformed file exit code 2, one line each (see <see cref="ExitCodes"/>).</summary>
    internal static int Guard(string command, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"equidyn data {command}: {e.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.DataUnavailable;
        }
        catch (Exception e)
        {
            return ExitCodes.Report(Console.Error, $"data {command}", e);
        }
    }
}
