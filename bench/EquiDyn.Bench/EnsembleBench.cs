using System.Diagnostics;
using System.Globalization;
using EquiDyn.Engine;
using EquiDyn.Ensembles;
using EquiDyn.Experiments;
using static TorchSharp.torch;

/// <summary>
/// <c>EquiDyn.Bench ensemble [--members 4,16,64] [--arm cross-exact] [--rounds R] [--steps S] [--threads T]</c>: the
/// training step of the <c>ensemble</c> quick preset's arm (docs/experiments/ensemble.md) with M members trained one after
/// another (<see cref="EnsembleExecution.Sequential"/>) and as one batched network (<see cref="EnsembleExecution.Batched"/>),
/// timed side by side: in every round and for every M, S steps of each, in an order that flips every round, so a load
/// change on the machine hits both. Prints one line per round and M ("round r M m sequential s batched s ratio x", seconds
/// per step of the whole ensemble), then the medians and the process's peak resident memory.
/// </summary>
internal static class EnsembleBench
{
    public static int Run(string[] args)
    {
        string Option(string name, string fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var sizes = Option("--members", "4,16,64").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int rounds = int.Parse(Option("--rounds", "3"), CultureInfo.InvariantCulture);
        int steps = int.Parse(Option("--steps", "5"), CultureInfo.InvariantCulture);
        TorchRuntime.SetThreads(int.Parse(Option("--threads", "1"), CultureInfo.InvariantCulture));
        var spec = ExperimentPresets.Get("ensemble", "quick");
        var arm = spec.Arms.Single(a => a.Name == Option("--arm", "cross-exact"));
        using var data = ExperimentData.Load(spec.Dataset);
        var times = sizes.ToDictionary(m => m, _ => (Sequential: new List<double>(), Batched: new List<double>()));
        foreach (int m in sizes)
        {
            using var scope = NewDisposeScope();
            using var sequential = EnsembleExperiment.Create(spec, arm, m, EnsembleExecution.Sequential, (int)data.Train.Count);
            using var batched = EnsembleExperiment.Create(spec, arm, m, EnsembleExecution.Batched, (int)data.Train.Count);
            sequential.Step(data.Train); // warm-up: first-call costs of every kernel
            batched.Step(data.Train);
            for (int r = 0; r < rounds; r++)
            {
                double Time(Ensemble e)
                {
                    var clock = Stopwatch.StartNew();
                    for (int s = 0; s < steps; s++) e.Step(data.Train);
                    return clock.Elapsed.TotalSeconds / steps;
                }
                double ts, tb;
                if (r % 2 == 0) { ts = Time(sequential); tb = Time(batched); }
                else { tb = Time(batched); ts = Time(sequential); }
                times[m].Sequential.Add(ts);
                times[m].Batched.Add(tb);
                Console.WriteLine(FormattableString.Invariant($"round {r + 1} M {m} sequential {ts:0.000000} batched {tb:0.000000} ratio {ts / tb:0.00}"));
            }
        }
        static double Median(List<double> x) { var s = x.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
        Console.WriteLine("| M | sequential s/step (median) | batched s/step (median) | speed-up (median of the rounds' ratios) |");
        Console.WriteLine("|---|---|---|---|");
        foreach (int m in sizes)
        {
            var (s, b) = times[m];
            var ratios = s.Zip(b, (x, y) => x / y).ToList();
            Console.WriteLine(FormattableString.Invariant($"| {m} | {Median(s):0.0000} | {Median(b):0.0000} | {Median(ratios):0.0}× (range {ratios.Min():0.0}–{ratios.Max():0.0}) |"));
        }
        var hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        Console.WriteLine($"peak_rss_kb {hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]}");
        return 0;
    }
}
