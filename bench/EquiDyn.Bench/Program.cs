using EquiDyn.Architectures;
// The EquiDyn side of bench/run.sh: times one workload in one process and prints one line per repeat.
//
//   EquiDyn.Bench <workload> <arm> [--repeats R] [--threads T] [--images N] [--steps S]
//
// workloads and arms (the same networks and settings as bench/reference/*.py):
//   cnn          equi | nom | exact32 | exact64   main C4 CNN (docs/experiments/mnist-c4.md), hidden 32/64/64, batch 100: seconds per step
//   cnn-raw      equi | nom                       the same step as cnn equi|nom in plain TorchSharp, no EquiDyn code in
//                                                 the step (RawCnnBench.cs): the yardstick of EquiDyn's own overhead
//   translation  nom | aug | equi                 OneDTranslationNet 32/32 → 32 → 10, batch 25: seconds per pass
//   rotation     nom | aug | equi | exact         RotationSegmentationNet 32/32/16/2, batch 25: seconds per pass
//                                                (exact: one epoch on whole C4 orbits, the 4 rotations of every image)
//   permutation  nom | aug | equi                 PermutationAdjNet 32 → 64/32 → 1, batch 200: seconds per pass
//   cnn-overhead equi | nom [--rounds R]          cnn and cnn-raw in one process, alternating blocks of S steps:
//                                                 EquiDyn's own overhead, robust to a loaded machine
//   ensemble     [--members 4,16,64] [--arm A]    the ensemble preset's M members, sequential against batched,
//                                                 interleaved in one process (EnsembleBench.cs)
// A pass is one full-batch gradient step over the N samples (the authors' epoch with one augmentation pass).
// Output: "warmup <s>", then "time <s>" per repeat, then "peak_rss_kb <k>" (VmHWM of the process).
using System.Diagnostics;
using System.Globalization;
using EquiDyn.Engine;
using EquiDyn.Experiments;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

if (args.Length >= 1 && args[0] == "ensemble") return EnsembleBench.Run(args);
if (args.Length >= 2 && args[0] == "cnn-overhead")
{
    // EquiDyn's step against the same step in plain TorchSharp in one process, alternating blocks of steps (the
    // order flips every round), so that the machine's load hits both alike: "round r equidyn s raw s ratio x".
    int Opt(string name, int fallback) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length
        ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    int blockSteps = Opt("--steps", 10), rounds = Opt("--rounds", 10);
    TorchRuntime.SetThreads(Opt("--threads", 1));
    manual_seed(0);
    var sides = new (string Name, Action Run)[] { ("equidyn", Cnn(args[1], blockSteps)), ("raw", RawCnnBench.Build(args[1], blockSteps)) };
    foreach (var side in sides) side.Run(); // warm-up
    // Wall time, and the process's CPU time (all its threads, JIT included): on a loaded machine the CPU time leaves
    // out the time slices other processes take on the core.
    var (wallRatios, cpuRatios) = (new List<double>(), new List<double>());
    var blockClock = new Stopwatch();
    var process = Process.GetCurrentProcess();
    for (int r = 0; r < rounds; r++)
    {
        var (wall, cpu) = (new Dictionary<string, double>(), new Dictionary<string, double>());
        foreach (var side in r % 2 == 0 ? sides : sides.Reverse())
        {
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            blockClock.Restart();
            side.Run();
            wall[side.Name] = blockClock.Elapsed.TotalSeconds / blockSteps;
            process.Refresh();
            cpu[side.Name] = (process.TotalProcessorTime - cpuStart).TotalSeconds / blockSteps;
        }
        wallRatios.Add(wall["equidyn"] / wall["raw"]);
        cpuRatios.Add(cpu["equidyn"] / cpu["raw"]);
        Console.WriteLine(FormattableString.Invariant(
            $"round {r + 1} wall equidyn {wall["equidyn"]:0.000000} raw {wall["raw"]:0.000000} ratio {wallRatios[^1]:0.000} cpu equidyn {cpu["equidyn"]:0.000000} raw {cpu["raw"]:0.000000} ratio {cpuRatios[^1]:0.000}"));
    }
    foreach (var (name, list) in new[] { ("wall", wallRatios), ("cpu", cpuRatios) })
    {
        list.Sort();
        Console.WriteLine(FormattableString.Invariant($"median {name} ratio {list[list.Count / 2]:0.000} (min {list[0]:0.000}, max {list[^1]:0.000})"));
    }
    return 0;
}
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: EquiDyn.Bench <cnn|cnn-raw|translation|rotation|permutation> <arm> [--repeats R] [--threads T] [--images N] [--steps S]");
    return 2;
}
string workload = args[0], arm = args[1];
int Option(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
int repeats = Option("--repeats", 3), threads = Option("--threads", 1), steps = Option("--steps", 10);
TorchRuntime.SetThreads(threads);
manual_seed(0);

Action unit = workload switch
{
    "cnn" => Cnn(arm, steps),
    "cnn-raw" => RawCnnBench.Build(arm, steps),
    _ => DenseMlp(workload, arm, Option("--images", 500)),
};
bool perStep = workload.StartsWith("cnn", StringComparison.Ordinal);
var clock = Stopwatch.StartNew();
unit();
Console.WriteLine(FormattableString.Invariant($"warmup {clock.Elapsed.TotalSeconds / (perStep ? steps : 1):0.000000}"));
for (int r = 0; r < repeats; r++)
{
    clock.Restart();
    unit();
    Console.WriteLine(FormattableString.Invariant($"time {clock.Elapsed.TotalSeconds / (perStep ? steps : 1):0.000000}"));
}
var hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
Console.WriteLine($"peak_rss_kb {hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]}");
return 0;

// Minibatch SGD steps of the main CNN on random 28×28 digits: `steps` steps per call.
static Action Cnn(string arm, int steps)
{
    var dtype = arm == "exact64" ? ScalarType.Float64 : ScalarType.Float32;
    var hidden = (32, 64, 64);
    var net = arm == "equi"
        ? RotationConvNet.BuildEquivariant(KernelSupport.Cross, 28, hidden, 10, dtype)
        : RotationConvNet.Build(KernelSupport.Cross, KernelBasisKind.Unitary, 0, 28, hidden, 10, dtype);
    NetworkInitializer.ProjectedGaussian(net, 0);
    var strategy = arm switch
    {
        "equi" => new TrainingStrategy(StrategyKind.Equivariant),
        "nom" => new TrainingStrategy(StrategyKind.Nominal),
        "exact32" or "exact64" => new TrainingStrategy(StrategyKind.AugmentedExact),
        _ => throw new ArgumentException($"cnn arm '{arm}': use equi, nom, exact32 or exact64"),
    };
    int batch = strategy.Kind == StrategyKind.AugmentedExact ? 25 : 100; // 25 images × 4 rotations = 100 per step
    var data = new TensorDataset((randn(batch * steps, 1, 28, 28) * 0.3).DetachFromDisposeScope(),
        randint(0, 10, new long[] { batch * steps }, dtype: ScalarType.Int64).DetachFromDisposeScope());
    var trainer = new Trainer(net, strategy, LossKind.MseOneHot, new TrainingOptions(2.5e-4, batch, Protocol.Minibatch, true, 0),
        strategy.UsesGroupAction ? DataGroupActions.ImageRotations(28) : null);
    return () => trainer.RunEpoch(data, _ => { });
}

// One full-batch pass of a v1/v2 experiment's network (the full-scale preset's architecture) on N random samples.
static Action DenseMlp(string workload, string arm, int images)
{
    var spec = ExperimentPresets.Get(workload, "full");
    var armSpec = arm switch
    {
        "nom" => new ArmSpec { Name = arm, Strategy = ArmStrategy.Nominal },
        "aug" => new ArmSpec { Name = arm, Strategy = ArmStrategy.Augmented, Augmentation = AugmentationKind.Sampled },
        "equi" => new ArmSpec { Name = arm, Strategy = ArmStrategy.Equivariant },
        "exact" => new ArmSpec { Name = arm, Strategy = ArmStrategy.Augmented, Augmentation = AugmentationKind.ExactOrbits },
        _ => throw new ArgumentException($"arm '{arm}': use nom, aug, equi or exact"),
    };
    var model = ArchitectureRegistry.Of(spec);
    var net = model.Build(spec, armSpec, ModelSpaces.For(armSpec.Strategy), ScalarType.Float32, 0);
    foreach (var block in model.Initialize(net, spec, armSpec, 0)) block.Dispose(); // the start point is in net: keep no copy
    int n = spec.Dataset.Side;
    var x = workload == "permutation"
        ? randint(0, 2, new long[] { images, 1, n, n }).to_type(ScalarType.Float32) - 0.5
        : rand(images, 1, n, n) - 0.5;
    Tensor y;
    using (NewDisposeScope())
    using (no_grad())
    {
        var shape = net.call(x.narrow(0, 0, 1)).shape;
        y = spec.Loss == LossKind.BinaryCrossEntropy
            ? randint(0, 2, shape.Select((s, i) => i == 0 ? images : s).ToArray()).to_type(ScalarType.Float32)
            : randint(0, shape[^1], new long[] { images }, dtype: ScalarType.Int64);
        y = y.MoveToOuterDisposeScope();
    }
    var data = new TensorDataset(x.DetachFromDisposeScope(), y.DetachFromDisposeScope());
    var strategy = arm switch
    {
        "aug" => new TrainingStrategy(StrategyKind.AugmentedSampled, SamplingScope.PerBatch, 1),
        "equi" => new TrainingStrategy(StrategyKind.Equivariant),
        "exact" => new TrainingStrategy(StrategyKind.AugmentedExact),
        _ => new TrainingStrategy(StrategyKind.Nominal),
    };
    var phase = spec.AugmentedPhase;
    var trainer = new Trainer(net, strategy, spec.Loss, new TrainingOptions(phase.LearningRate, phase.BatchSize, Protocol.FullBatch, false, 0),
        strategy.UsesGroupAction ? model.DataAction(spec, armSpec) : null);
    return () => trainer.RunEpoch(data, _ => { });
}
