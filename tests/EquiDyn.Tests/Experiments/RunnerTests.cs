using EquiDyn.Tests.Support;
using System.IO.Compression;
using System.Text.Json.Nodes;
using EquiDyn.Data;
using EquiDyn.Experiments;
using EquiDyn.Nn;
using EquiDyn.Tests.Data;
using EquiDyn.Geometry;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Experiments;

/// <summary>The runner on tiny synthetic data: resume, atomic checkpoints, divergence.</summary>
public class RunnerTests
{
    internal static ExperimentSpec Tiny(string directory, double augmentedLearningRate = 0.05) => ExperimentPresets.Get("mnist-c4", "quick") with
    {
        Scale = SpecScale.Custom,
        // float64: on this tiny network libtorch's float32 convolution gradients were seen to turn NaN at a random
        // step now and then (an open problem, see CHANGELOG). 12×12 images: at 8×8 the invariant head sees one C4
        // orbit of 2×2 sites after LayerNorm, so the Equi network's output is identically 0 and its accuracy is
        // decided by rounding noise.
        Dtype = Precision.Float64,
        Dataset = new DatasetSpec { Name = DatasetName.Synthetic, ImageSize = 12, SyntheticTrain = 24, SyntheticTest = 8 },
        Architecture = new ArchitectureSpec { Hidden = new() { 2, 3, 3 }, Classes = 10 },
        Arms = new()
        {
            new ArmSpec { Name = "cross", Support = "cross", Augmentation = AugmentationKind.OrbitDataset },
            new ArmSpec { Name = "non-unitary", Support = "cross", Basis = KernelBasisKind.NonUnitary, Augmentation = AugmentationKind.OrbitDataset },
            new ArmSpec { Name = "skew", Support = "skew", Augmentation = AugmentationKind.OrbitDataset },
            new ArmSpec { Name = "cross-exact", Support = "cross", Augmentation = AugmentationKind.ExactOrbits, Dtype = Precision.Float64 },
        },
        EquivariantPhase = new PhaseSpec { Epochs = 2, LearningRate = 0.05, BatchSize = 8 },
        AugmentedPhase = new PhaseSpec { Epochs = 2, LearningRate = augmentedLearningRate, BatchSize = 8 },
        EvaluationBatchSize = 4,
        Seeds = new() { 3 },
        Output = new OutputSpec { Directory = directory },
    };

    private static void RunToEnd(ExperimentSpec spec, string dir, int? stopAfter = null)
    {
        using var data = ExperimentData.Load(spec.Dataset);
        new ExperimentRunner(spec, dir) { StopAfterEpochs = stopAfter }.Run(data, Shard.All);
    }

    [Fact]
    public void AResumedSweepEndsWithTheNumbersOfAnUninterruptedOne()
    {
        using var root = new TempDirectory();
        string straight = Path.Combine(root.Path, "straight"), resumed = Path.Combine(root.Path, "resumed");
        RunToEnd(Tiny(straight), straight);

        // Kill during the shared Equi phase (after 1 epoch), then during cross's Aug phase (3 epochs later), then finish.
        Assert.Throws<RunStoppedException>(() => RunToEnd(Tiny(resumed), resumed, stopAfter: 1));
        Assert.Throws<RunStoppedException>(() => RunToEnd(Tiny(resumed), resumed, stopAfter: 2));
        // A killed process may have written rows after its last checkpoint: resume must drop them.
        File.AppendAllText(Path.Combine(resumed, "cross-seed3", "metrics.csv"), "99,9,1,1,1,1,1,1\n");
        File.AppendAllText(Path.Combine(resumed, "cross-seed3", "epochs.csv"), "9,1,1,1,1,1,1,1\n");
        Assert.False(File.Exists(Path.Combine(resumed, "cross-seed3", "summary.json")));
        RunToEnd(Tiny(resumed), resumed);

        var dirs = Directory.GetDirectories(straight).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(Directory.GetDirectories(resumed).Select(Path.GetFileName).Order(), dirs);
        Assert.Equal(6, dirs.Count); // 4 runs + 2 shared Equi phases (cross, skew)
        foreach (var name in dirs)
        {
            string a = Path.Combine(straight, name!), b = Path.Combine(resumed, name!);
            // Same rows, same columns, same numbers up to float64 rounding (see Tolerance).
            AssertSameNumbers(Path.Combine(a, "metrics.csv"), Path.Combine(b, "metrics.csv"), skipLastColumn: false);
            AssertSameNumbers(Path.Combine(a, "epochs.csv"), Path.Combine(b, "epochs.csv"), skipLastColumn: true);
            foreach (var npy in Directory.GetFiles(a, "*.npy"))
                AssertClose(EquiDyn.Data.Npy.Read(npy).ToDoubleArray(), EquiDyn.Data.Npy.Read(Path.Combine(b, Path.GetFileName(npy))).ToDoubleArray(), npy);
            Assert.Equal(Coefficients(Path.Combine(a, "checkpoint.npz")).Count, Coefficients(Path.Combine(b, "checkpoint.npz")).Count);
        }
        // The exact-orbit arm stays in E∩L up to float64 rounding; the others move off it.
        var exact = RunSummary.Read(Path.Combine(straight, "cross-exact-seed3", "summary.json"));
        var skew = RunSummary.Read(Path.Combine(straight, "skew-seed3", "summary.json"));
        Assert.True(exact.FinalDistance < 1e-12, $"exact-orbit distance {exact.FinalDistance}");
        Assert.True(skew.FinalDistance > 1e-6, $"skew distance {skew.FinalDistance}");
        Assert.Equal(0, exact.InitialDistance);
    }

    /// <summary>Records which threads train which runs and whether two callbacks ever overlap.</summary>
    private sealed class ThreadRecorder : IRunObserver
    {
        private int _inside;
        public readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> ThreadOfRun = new();
        public bool Overlapped { get; private set; }
        public HashSet<string> Started { get; } = new();

        private void Enter(Action body)
        {
            if (Interlocked.Increment(ref _inside) > 1) Overlapped = true;
            Thread.Sleep(0);
            body();
            Interlocked.Decrement(ref _inside);
        }

        public void Log(string message) => Enter(() => { });
        public void PhaseStarted(RunJob job, string phase, int epochs, int completedEpochs, long stepsPerEpoch) =>
            Enter(() => { ThreadOfRun[job.DirectoryName] = Environment.CurrentManagedThreadId; Started.Add(job.DirectoryName); });
        public void StepCompleted(RunJob job, string phase, EquiDyn.Training.StepRecord record) => Enter(() => { });
        public void EpochCompleted(RunJob job, string phase, EpochRow row) => Enter(() => { });
        public void RunCompleted(RunJob job, string directory, RunSummary summary) => Enter(() => { });
    }

    private static void AssertSameRuns(string expectedSweep, string actualSweep)
    {
        var dirs = Directory.GetDirectories(expectedSweep).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(Directory.GetDirectories(actualSweep).Select(Path.GetFileName).Order(), dirs);
        foreach (var name in dirs)
        {
            string a = Path.Combine(expectedSweep, name!), b = Path.Combine(actualSweep, name!);
            AssertSameNumbers(Path.Combine(a, "metrics.csv"), Path.Combine(b, "metrics.csv"), skipLastColumn: false);
            AssertSameNumbers(Path.Combine(a, "epochs.csv"), Path.Combine(b, "epochs.csv"), skipLastColumn: true);
        }
    }

    /// <summary>2 seeds × 2 supports: 4 groups of runs sharing an Equi phase, so two workers both get work (one libtorch
    /// thread per run, as every test of this assembly runs: Support/OneTorchThread.cs).</summary>
    private static ExperimentSpec TwoSeeds(string dir) => Tiny(dir) with { Seeds = new() { 3, 4 }, Threads = 1 };

    [Fact]
    public void RunsTrainedAtOnceEndWithTheNumbersOfRunsTrainedOneAfterAnother()
    {
        using var root = new TempDirectory();
        string oneByOne = Path.Combine(root.Path, "one-by-one"), atOnce = Path.Combine(root.Path, "at-once");
        RunToEnd(TwoSeeds(oneByOne), oneByOne);
        var recorder = new ThreadRecorder();
        using (var data = ExperimentData.Load(TwoSeeds(atOnce).Dataset))
        {
            var results = new ExperimentRunner(TwoSeeds(atOnce), atOnce, recorder) { RunsAtOnce = 2 }.Run(data, Shard.All);
            // Results come back in sweep order whichever worker finished first.
            Assert.Equal(RunJob.Plan(TwoSeeds(atOnce)).Select(j => Path.Combine(atOnce, j.DirectoryName)), results.Select(r => r.Directory));
        }
        Assert.Equal(8, recorder.Started.Count);
        Assert.True(recorder.ThreadOfRun.Values.Distinct().Count() >= 2, "the runs all trained on one thread");
        Assert.False(recorder.Overlapped, "two observer callbacks ran at the same time");
        AssertSameRuns(oneByOne, atOnce);
        // The runs sharing an Equi phase (same seed and support) trained on one thread, after one another.
        foreach (var group in RunJob.Plan(TwoSeeds(atOnce)).GroupBy(j => j.Group))
            Assert.Single(group.Select(j => recorder.ThreadOfRun[j.DirectoryName]).Distinct());
        Assert.Contains("2 runs at once, 1 thread each", File.ReadAllText(Path.Combine(atOnce, "sweep-summary.json")));
    }

    [Fact]
    public void AStopInOneOfTheRunsAtOnceStopsTheSweepAndAResumeFinishesItWithTheSameNumbers()
    {
        using var root = new TempDirectory();
        string straight = Path.Combine(root.Path, "straight"), resumed = Path.Combine(root.Path, "resumed");
        RunToEnd(TwoSeeds(straight), straight);
        using (var data = ExperimentData.Load(TwoSeeds(resumed).Dataset))
        {
            // The stop is the sweep's exception (not the other worker's cancellation), and nothing is complete yet.
            Assert.Throws<RunStoppedException>(() => new ExperimentRunner(TwoSeeds(resumed), resumed) { RunsAtOnce = 2, StopAfterEpochs = 3 }.Run(data, Shard.All));
            Assert.Empty(Directory.GetFiles(resumed, "summary.json", SearchOption.AllDirectories));
            new ExperimentRunner(TwoSeeds(resumed), resumed) { RunsAtOnce = 2 }.Run(data, Shard.All);
        }
        AssertSameRuns(straight, resumed);
    }

    /// <summary>A cross and a skew arm on the orbit data set, the skew support's Equi phase with its own epochs.</summary>
    private static List<ArmSpec> CrossAndSkew(int skewEquiEpochs) => new()
    {
        new ArmSpec { Name = "cross", Support = "cross", Augmentation = AugmentationKind.OrbitDataset },
        new ArmSpec { Name = "skew", Support = "skew", Augmentation = AugmentationKind.OrbitDataset, EquivariantEpochs = skewEquiEpochs },
    };

    [Fact]
    public void AnArmsEquiEpochsTrainItsSupportsEquiModelThatLong()
    {
        using var root = new TempDirectory();
        var spec = Tiny(root.Path) with { Arms = CrossAndSkew(skewEquiEpochs: 3) };
        RunToEnd(spec, root.Path);
        int Rows(string dir) => File.ReadAllLines(Path.Combine(root.Path, dir, "epochs.csv")).Length - 1;
        Assert.Equal(2, Rows("equivariant-cross-seed3")); // equivariantPhase.epochs
        Assert.Equal(3, Rows("equivariant-skew-seed3"));
        Assert.Equal(2, Rows("skew-seed3")); // the Aug phase is not affected
    }

    [Fact]
    public void EvaluateEveryTestsAfterEveryKthAndTheLastEpochAndChangesNoTrainingNumber()
    {
        using var root = new TempDirectory();
        string every = Path.Combine(root.Path, "every"), third = Path.Combine(root.Path, "third");
        ExperimentSpec Spec(string dir, int k) => Tiny(dir) with
        {
            Arms = new() { new ArmSpec { Name = "cross", Support = "cross", Augmentation = AugmentationKind.OrbitDataset } },
            EquivariantPhase = Tiny(dir).EquivariantPhase! with { Epochs = 7, EvaluateEvery = k },
        };
        RunToEnd(Spec(every, 1), every);
        RunToEnd(Spec(third, 3), third);

        var rows = File.ReadAllLines(Path.Combine(third, "equivariant-cross-seed3", "epochs.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(7, rows.Count);
        var evaluated = rows.Where(r => r[3] != "NaN").Select(r => int.Parse(r[0])).ToArray();
        Assert.Equal(new[] { 3, 6, 7 }, evaluated); // every 3rd and the last
        Assert.All(rows.Where(r => r[3] == "NaN"), r => Assert.Equal("NaN", r[4]));
        var full = File.ReadAllLines(Path.Combine(every, "equivariant-cross-seed3", "epochs.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        foreach (int epoch in evaluated) Assert.Equal(full[epoch - 1][3], rows[epoch - 1][3]); // the same test loss where evaluated
        // Training does not depend on it: every step and the Aug run that follows are the same.
        AssertSameNumbers(Path.Combine(every, "equivariant-cross-seed3", "metrics.csv"), Path.Combine(third, "equivariant-cross-seed3", "metrics.csv"), skipLastColumn: false);
        AssertSameNumbers(Path.Combine(every, "cross-seed3", "metrics.csv"), Path.Combine(third, "cross-seed3", "metrics.csv"), skipLastColumn: false);
        Assert.Equal(SummaryWithoutTimes(Path.Combine(every, "cross-seed3", "summary.json")), SummaryWithoutTimes(Path.Combine(third, "cross-seed3", "summary.json")));
    }

    [Fact]
    public void RunsAtOnceTakeTheLongestGroupsFirst()
    {
        using var root = new TempDirectory();
        // Sweep order: seed 0 cross, seed 0 skew, seed 1 cross, seed 1 skew; the skew support trains 3× longer.
        var spec = Tiny(root.Path) with { Arms = CrossAndSkew(skewEquiEpochs: 6), Seeds = new() { 0, 1 } };
        var runner = new ExperimentRunner(spec, root.Path);
        using var data = ExperimentData.Load(spec.Dataset);
        Assert.Equal(new[] { "seed0-skew", "seed1-skew", "seed0-cross", "seed1-cross" }, runner.WorkOrder(runner.Jobs(Shard.All), data));
        // The cross groups gain an exact-orbit float64 arm (4× the images, counted twice): now they are the longer ones.
        var heavier = spec with { Arms = spec.Arms.Append(new ArmSpec { Name = "cross-exact", Support = "cross", Augmentation = AugmentationKind.ExactOrbits, Dtype = Precision.Float64 }).ToList(),
            AugmentedPhase = spec.AugmentedPhase with { Epochs = 5 } };
        var second = new ExperimentRunner(heavier, root.Path);
        Assert.Equal(new[] { "seed0-cross", "seed1-cross", "seed0-skew", "seed1-skew" }, second.WorkOrder(second.Jobs(Shard.All), data));
    }

    [Fact]
    public void ResumingACompleteSweepChangesNothing()
    {
        using var root = new TempDirectory();
        var spec = Tiny(root.Path) with { Arms = new() { new ArmSpec { Name = "cross", Support = "cross", Augmentation = AugmentationKind.OrbitDataset } } };
        RunToEnd(spec, root.Path);
        var before = File.ReadAllText(Path.Combine(root.Path, "cross-seed3", "summary.json"));
        var (exit, output, err) = CliRunner.Run("run", "--resume", root.Path);
        Assert.True(exit == 0, err);
        Assert.Contains("results: " + root.Path, output);
        Assert.Contains("cross", output);
        Assert.Equal(before, File.ReadAllText(Path.Combine(root.Path, "cross-seed3", "summary.json")));
    }

    [Fact]
    public void TheThreadCountIsAppliedAndRecordedInSpecJson()
    {
        using var root = new TempDirectory();
        var spec = Tiny(root.Path) with { Arms = new() { new ArmSpec { Name = "cross", Support = "cross", Augmentation = AugmentationKind.OrbitDataset } } };
        var file = root.File("spec.json.in");
        File.WriteAllText(file, spec.ToJson());
        int before = get_num_threads();
        try
        {
            var sweep = Path.Combine(root.Path, "sweep");
            var (exit, _, err) = CliRunner.Run("run", file, "--out", sweep, "--threads", "1");
            Assert.True(exit == 0, err);
            Assert.Equal(1, get_num_threads());
            Assert.Equal(1, ExperimentSpec.Load(Path.Combine(sweep, "spec.json")).Threads);
            Assert.Equal(1, ExperimentSpec.Load(Path.Combine(sweep, "cross-seed3", "spec.json")).Threads);
            var (bad, _, badErr) = CliRunner.Run("run", file, "--out", Path.Combine(root.Path, "other"), "--threads", "0");
            Assert.Equal(2, bad);
            Assert.Contains("--threads", badErr);
            var (badJobs, _, badJobsErr) = CliRunner.Run("run", file, "--out", Path.Combine(root.Path, "other"), "--jobs", "0");
            Assert.Equal(2, badJobs);
            Assert.Contains("--jobs: 0 is not a number of runs", badJobsErr);
        }
        finally
        {
            set_num_threads(before);
        }
    }

    [Fact]
    public void DivergenceStopsWithExitCode3AndKeepsTheLastGoodCheckpoint()
    {
        using var root = new TempDirectory();
        var spec = Tiny(root.Path, augmentedLearningRate: 1e30) with { Arms = new() { new ArmSpec { Name = "cross", Support = "cross", Augmentation = AugmentationKind.OrbitDataset } } };
        var file = root.File("spec.json.in");
        File.WriteAllText(file, spec.ToJson());
        var (exit, _, err) = CliRunner.Run("run", file, "--out", Path.Combine(root.Path, "sweep"));
        Assert.Equal(3, exit);
        var last = err.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Contains("arm 'cross' seed 3, augmented phase: training diverged at step", last);
        Assert.Contains("last good checkpoint is kept", last);
        var checkpoint = Path.Combine(root.Path, "sweep", "cross-seed3", "checkpoint.npz");
        var state = Checkpoint.ReadState(checkpoint);
        Assert.Equal(("augmented", 0, 0L, false), (state.Phase, state.Epoch, state.Step, state.Completed));
        // The kept weights are the transferred equivariant point: finite and in E∩L.
        var net = RotationConvNet.Build(KernelSupport.Cross, KernelBasisKind.Unitary, 0, spec.Dataset.Side, (2, 3, 3), 10, ScalarType.Float64);
        Checkpoint.Load(checkpoint, net);
        Assert.All(net.Coefficients, p => Assert.True(p.isfinite().all().item<bool>()));
        Assert.All(EquiDyn.Training.LayerTelemetry.DistancesToIntersection(net), d => Assert.True(d < 1e-6));
    }

    [Fact]
    public void CheckpointsRoundTripAndReplaceTheOldFileAtomically()
    {
        using var dir = new TempDirectory();
        var path = dir.File("checkpoint.npz");
        var net = RotationConvNet.Build(KernelSupport.Cross, KernelBasisKind.NonUnitary, 1, 8, (2, 3, 3), 10, ScalarType.Float64);
        NetworkInitializer.ProjectedGaussian(net, 5);
        var state = new CheckpointState { Phase = "augmented", Epoch = 2, Step = 17, RandomState = ulong.MaxValue - 3, CsvLengths = new() { ["metrics.csv"] = 123 } };
        Checkpoint.Write(path, net, state);
        var copy = RotationConvNet.Build(KernelSupport.Cross, KernelBasisKind.NonUnitary, 1, 8, (2, 3, 3), 10, ScalarType.Float64);
        var back = Checkpoint.Load(path, copy);
        Assert.Equal((state.Phase, state.Epoch, state.Step, state.RandomState), (back.Phase, back.Epoch, back.Step, back.RandomState));
        Assert.Equal(123, back.CsvLengths!["metrics.csv"]);
        for (int k = 0; k < net.Layers.Count; k++)
            Assert.True(net.Coefficients[k].equal(copy.Coefficients[k]).all().item<bool>());
        using (var zip = ZipFile.OpenRead(path)) // numpy.load reads it: an archive of .npy files
            Assert.Equal(new[] { "conv1.npy", "conv2.npy", "conv3.npy", "linear.npy", "state.json" }, zip.Entries.Select(e => e.Name));

        // A writer that fails half-way leaves the previous file untouched and no temporary file behind.
        var before = File.ReadAllBytes(path);
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[1000]);
            throw new IOException("disk full");
        }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    private static void AssertSameNumbers(string expectedCsv, string actualCsv, bool skipLastColumn)
    {
        string[] e = File.ReadAllLines(expectedCsv), a = File.ReadAllLines(actualCsv);
        Assert.Equal(e.Length, a.Length);
        Assert.Equal(e[0], a[0]);
        for (int i = 1; i < e.Length; i++)
        {
            var x = e[i].Split(','); var y = a[i].Split(',');
            Assert.Equal(x.Length, y.Length);
            int n = skipLastColumn ? x.Length - 1 : x.Length; // epochs.csv ends with the wall time
            AssertClose(x.Take(n).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                y.Take(n).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray(), $"{actualCsv} row {i}");
        }
    }

    /// <summary>Relative tolerance of the resume comparison: the non-unitary arm's least-squares weight transfer was
    /// seen to differ in the last bit between two calls in one process (LAPACK inside libtorch), and 25 steps carry
    /// that ulp to ~1e-15; a wrong resume moves numbers at 1e-3.</summary>
    private const double Tolerance = 1e-9;

    private static void AssertClose(double[] expected, double[] actual, string where)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            double x = expected[k], y = actual[k];
            bool same = x.Equals(y) || Math.Abs(x - y) <= Tolerance * Math.Max(Math.Abs(x), Math.Abs(y));
            Assert.True(same, $"{where}, value {k}: {x:R} vs {y:R}");
        }
    }

    private static string WithoutSeconds(string epochsCsv) =>
        string.Join("\n", File.ReadAllLines(epochsCsv).Select(l => string.Join(',', l.Split(',')[..^1])));

    private static string SummaryWithoutTimes(string path)
    {
        var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        foreach (var key in new[] { "secondsPerEpoch", "stepsPerSecond", "equivariantSecondsPerEpoch" }) node.Remove(key);
        return node.ToJsonString();
    }

    private static List<string> Coefficients(string checkpoint)
    {
        using var zip = ZipFile.OpenRead(checkpoint);
        return zip.Entries.Where(e => e.Name.EndsWith(".npy")).Select(e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return e.Name + ":" + Convert.ToHexString(m.ToArray());
        }).ToList();
    }
}

/// <summary>The v1/v2 strategies runs on tiny data.</summary>
public class StrategiesRunTests
{
    [Theory]
    [InlineData("permutation")]
    [InlineData("rotation")]
    public void EquivariantStaysInEAndNominalDriftsMost(string preset)
    {
        using var root = new TempDirectory();
        var spec = ExperimentPresets.Get(preset, "quick") with
        {
            Seeds = new() { 0 },
            AugmentedPhase = ExperimentPresets.Get(preset, "quick").AugmentedPhase with { Epochs = 3, AugmentationPasses = 2, LearningRate = 1e-2 },
            Output = new OutputSpec { Directory = root.Path },
        };
        spec = spec with { Dataset = spec.Dataset with { TrainLimit = 40 } };
        using var data = ExperimentData.Load(spec.Dataset);
        var results = new ExperimentRunner(spec, root.Path).Run(data, Shard.All).ToDictionary(r => r.Summary.Arm, r => r.Summary);
        Assert.True(results["equivariant"].FinalDistance < 1e-5, $"equivariant {results["equivariant"].FinalDistance}");
        Assert.True(results["nominal"].FinalDistance > results["augmented"].FinalDistance,
            $"nominal {results["nominal"].FinalDistance} vs augmented {results["augmented"].FinalDistance}");
        Assert.True(File.Exists(Path.Combine(root.Path, "nominal-seed0", "train_distance.npy")));
    }
}
