using System.CommandLine;
using System.Globalization;
using EquiDyn.Data;

namespace EquiDyn.Cli.Commands;

/// <summary><c>equidyn data info &lt;name&gt;</c>: counts, shapes, class balance and pixel statistics of a dataset.</summary>
public static class DataInfoCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("dataset") { Description = "mnist, fashion-mnist, simpleshapes or sbm." };
        name.AcceptOnlyFromAmong("mnist", "fashion-mnist", "simpleshapes", "sbm");
        var cache = new Option<string?>("--cache") { Description = "Cache root for mnist (as for 'data fetch')." };
        var idx = new Option<string?>("--idx") { Description = "Folder of the four IDX files (mnist, fashion-mnist)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the generated sets (simpleshapes, sbm).", DefaultValueFactory = _ => 0 };
        var absentOnes = new Option<bool>("--absent-ones") { Description = "simpleshapes: reproduce the authors' all-ones mask of the absent shape." };

        var command = new Command("info", "Print counts, shapes, class balance and pixel mean/std of a dataset.");
        command.Arguments.Add(name);
        command.Options.Add(cache);
        command.Options.Add(idx);
        command.Options.Add(seed);
        command.Options.Add(absentOnes);
        command.SetAction(parseResult => DataCommand.Guard("info", () =>
        {
            switch (parseResult.GetValue(name))
            {
                case "mnist":
                    PrintSplit("mnist", MnistSource.Load(new MnistFetchOptions
                    {
                        CacheRoot = parseResult.GetValue(cache), IdxDirectory = parseResult.GetValue(idx), Log = Console.Error,
                    }));
                    break;
                case "fashion-mnist":
                    PrintSplit("fashion-mnist", FashionMnist.Load(parseResult.GetValue(idx)));
                    break;
                case "simpleshapes":
                    PrintShapes(SimpleShapes.Generate(new SimpleShapesOptions
                    {
                        Seed = parseResult.GetValue(seed),
                        AbsentMask = parseResult.GetValue(absentOnes) ? AbsentMask.Ones : AbsentMask.Zeros,
                    }));
                    break;
                default:
                    PrintGraphs(SbmGraphs.Generate(new SbmOptions { Seed = parseResult.GetValue(seed) }));
                    break;
            }
            return 0;
        }));
        return command;
    }

    private static void PrintSplit(string title, DataSplit split)
    {
        Console.WriteLine(title);
        foreach (var (part, data) in new[] { ("train", split.Train), ("test", split.Test) })
        {
            var stats = data.ComputeStats();
            Console.WriteLine(Invariant($"  {part,-5} {data.Count,6} images {Shape(data.ImageShape)}  pixel mean {stats.Mean:0.0000} std {stats.Std:0.0000}"));
            Console.WriteLine($"        per class: {string.Join(" ", data.ClassCounts(10))}");
        }
    }

    private static void PrintShapes(ImageDataset data)
    {
        var stats = data.ComputeStats();
        var counts = data.ClassCounts(2);
        var plane = data.Height * data.Width;
        double triangleArea = 0, pentagonArea = 0;
        for (var n = 0; n < data.Count; n++)
        {
            var kind = data.Labels![n];
            var area = data.Targets!.AsSpan((n * 2 + kind) * plane, plane).ToArray().Sum();
            if (kind == 0) triangleArea += area;
            else pentagonArea += area;
        }
        Console.WriteLine("simpleshapes");
        Console.WriteLine($"  images {Shape(data.ImageShape)}, masks {Shape(data.TargetShape!)}");
        Console.WriteLine($"  triangles {counts[0]}, pentagons {counts[1]}");
        Console.WriteLine(Invariant($"  pixel mean {stats.Mean:0.0000} std {stats.Std:0.0000}; mean mask area (pixels): triangle {triangleArea / counts[0]:0.0}, pentagon {pentagonArea / counts[1]:0.0}"));
    }

    private static void PrintGraphs(GraphDataset data)
    {
        var n = data.NodeCount;
        var connected = data.Labels.Sum();
        var edges = data.Adjacency.Sum() / 2 / data.Count;
        Console.WriteLine("sbm");
        Console.WriteLine($"  {data.Count} graphs of {n} nodes, adjacency float64 ({data.Count}, {n}, {n})");
        Console.WriteLine(Invariant($"  connected (label 1) {connected}, not connected (label 0) {data.Count - connected}; mean edges per graph {edges:0.00}"));
    }

    private static string Shape(int[] shape) => "(" + string.Join(", ", shape) + ")";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
