using System.CommandLine;
using EquiDyn.Engine;

namespace EquiDyn.Cli.Commands;

/// <summary><c>equidyn version</c>: EquiDyn's and libtorch's versions (also proves the native engine loads).</summary>
public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print EquiDyn's version and the libtorch version it runs on.");
        command.SetAction(_ =>
        {
            var version = typeof(TorchRuntime).Assembly.GetName().Version;
            Console.WriteLine($"equidyn {version?.ToString(3)}; libtorch {TorchRuntime.EnsureLoaded()}");
            return 0;
        });
        return command;
    }
}
