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

    /// <summary>Runs a data action, turning the data layer's expected failures into one "error:" line and exit code 1.</summary>
    internal static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is EquiDyn.Data.DataFetchException or EquiDyn.Data.DataFormatException
                                      or FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
