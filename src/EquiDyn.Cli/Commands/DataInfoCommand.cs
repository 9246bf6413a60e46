using System.CommandLine;
using EquiDyn.Data;
using EquiDyn.Reporting.Text;

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
                    DatasetSummary.Split(Console.Out, "mnist", MnistSource.Load(new MnistFetchOptions
                    {
                        CacheRoot = parseResult.GetValue(cache), IdxDirectory = parseResult.GetValue(idx), Log = Console.Error,
                    }));
                    break;
                case "fashion-mnist":
                    DatasetSummary.Split(Console.Out, "fashion-mnist", FashionMnist.Load(parseResult.GetValue(idx)));
                    break;
                case "simpleshapes":
                    DatasetSummary.Shapes(Console.Out, SimpleShapes.Generate(new SimpleShapesOptions
                    {
                        Seed = parseResult.GetValue(seed),
                        AbsentMask = parseResult.GetValue(absentOnes) ? AbsentMask.Ones : AbsentMask.Zeros,
                    }));
                    break;
                default:
                    DatasetSummary.Graphs(Console.Out, SbmGraphs.Generate(new SbmOptions { Seed = parseResult.GetValue(seed) }));
                    break;
            }
            return 0;
        }));
        return command;
    }
}
