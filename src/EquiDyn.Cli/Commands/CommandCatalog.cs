using System.CommandLine;

namespace EquiDyn.Cli.Commands;

/// <summary>Every subcommand of <c>equidyn</c>, one file each; adding a command is one line here.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return HelpCommand.Create();
        yield return VersionCommand.Create();
        yield return GeometryCommand.Create();
        yield return DataCommand.Create();
        yield return StabilityCommand.Create();
        yield return RunCommand.Create();
        yield return PresetCommand.Create();
        yield return MergeCommand.Create();
        yield return CheckCommand.Create();
        yield return PlotCommand.Create();
        yield return ReportCommand.Create();
    }
}
