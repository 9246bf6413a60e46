using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EquiDyn.Architectures;
using EquiDyn.Data;
using EquiDyn.Engine;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Reporting;
using EquiDyn.Training;
using static TorchSharp.torch;
using EquiDyn.Runs;

namespace EquiDyn.Experiments;

/// <summary>
/// Runs the jobs of a spec (one shard of them) into a sweep directory, one run directory per arm and seed, with a
/// checkpoint after every epoch so that an interrupted sweep resumes where it stopped and ends with the same numbers.
/// </summary>
/// <remarks>
/// <para>Layout (see docs/runs.md): <c>&lt;sweep&gt;/spec.json</c>, <c>sweep.json</c>, <c>sweep-summary.json</c>;
/// per run <c>&lt;arm&gt;-seed&lt;k&gt;/</c> with <c>spec.json</c>, <c>metrics.csv</c> (every step of the measured
/// phase), <c>epochs.csv</c>, <c>checkpoint.npz</c>, <c>summary.json</c> (written last: marks the run complete) and
/// the paper-shaped <c>.npy</c> arrays; the Equi phase of a transfer run lives in
/// <c>equivariant-&lt;support&gt;-seed&lt;k&gt;/</c> (shared by the arms with that support) with the same files.</para>
/// <para>Determinism: every random choice derives from the run's seed (initial point: torch generator; non-unitary
/// basis; data order: <see cref="DataRandom"/>, whose state is checkpointed), so a resumed run replays exactly.</para>
/// </remarks>
public sealed class ExperimentRunner
{
    private const string CheckpointFile = RunLayout.CheckpointFile;
    private const string MetricsFile = RunLayout.MetricsFile;
    private const string EpochsFile = RunLayout.EpochsFile;
    private const string SummaryFile = RunLayout.SummaryFile;
    private const string StartFile = RunLayout.StartFile;
    private readonly SerializedRunObserver _observer;
    private int _epochsThisProcess;

    /// <summary>Prepares a runner for a spec and a sweep directory (created if needed).</summary>
    public ExperimentRunner(ExperimentSpec spec, string sweepDirectory, IRunObserver? observer = null)
    {
        ExperimentSpecValidator.Validate(spec);
        Spec = spec;
        SweepDirectory = sweepDirectory;
        _observer = new SerializedRunObserver(observer ?? NullRunObserver.Instance);
    }

    /// <summary>The spec.</summary>
    public ExperimentSpec Spec { get; }

    /// <summary>The sweep directory.</summary>
    public string SweepDirectory { get; }

    /// <summary>Stop (with <see cref="RunStoppedException"/>) once this many epochs have been trained by this runner:
    /// a simulated kill for testing resume. Null: run to the end.</summary>
    public int? StopAfterEpochs { get; init; }

    /// <summary>Runs trained at once, each on its own thread with <see cref="ExperimentSpec.Threads"/> libtorch threads
    /// (default 1: one after another on the calling thread). A worker takes a whole group of runs sharing an Equi phase
    /// (<see cref="RunJob.Group"/>), so no Equi model is trained twice; a run's numbers do not depend on this setting
    /// (<see cref="SweepParallelism"/>). When a run fails, the others stop at their next step and the sweep throws the
    /// failed run's exception; everything checkpointed is kept.</summary>
    public int RunsAtOnce
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(RunsAtOnce), value, "at least one run at a time");
    } = 1;

    /// <summary>Versions recorded in every run's spec.json.</summary>
    public static VersionInfo CurrentVersions() => new(
        typeof(ExperimentRunner).Assembly.GetName().Version?.ToString(3) ?? "?", __version__, Environment.Version.ToString());

    /// <summary>A new timestamped sweep directory name under the spec's output root (or its fixed directory).</summary>
    public static string DefaultSweepDirectory(ExperimentSpec spec, DateTime now) =>
        spec.Output.Directory ?? Path.Combine(spec.Output.Root, $"{(spec.Preset.Length > 0 ? spec.Preset : "custom")}-{now:yyyyMMdd-HHmmss}");

    /// <summary>The jobs of one shard.</summary>
    public IReadOnlyList<RunJob> Jobs(Shard shard) => shard.Select(RunJob.Plan(Spec));

    /// <summary>Runs (or resumes) the shard's jobs, writes <c>sweep-summary.json</c> and returns every run's summary.</summary>
    /// <param name="data">The prepared dataset of <see cref="ExperimentSpec.Dataset"/>.</param>
    /// <param name="shard">The part of the sweep to run.</param>
    /// <param name="only">Run only the job with this directory name (resuming one run).</param>
    /// <exception cref="RunDivergedException">Training diverged; the last good checkpoint is kept.</exception>
    /// <exception cref="RunStoppedException"><see cref="StopAfterEpochs"/> was reached.</exception>
    /// <exception cref="RunDirectoryException">The sweep directory or a run directory is damaged, or holds another spec.</exception>
    /// <exception cref="SweepLockedException">Another process is writing the sweep directory.</exception>
    public IReadOnlyList<(string Directory, RunSummary Summary)> Run(ExperimentData data, Shard shard, string? only = null)
    {
        var clock = Stopwatch.StartNew();
        var start = LoadAverage();
        PrepareSweepDirectory(SweepDirectory);
        using var sweepLock = SweepLock.Acquire(SweepDirectory);
        if (sweepLock.TakenOver is { } note) _observer.Log(note);
        AtomicFile.RemoveLeftovers(SweepDirectory);
        var sweepSpec = Path.Combine(SweepDirectory, RunLayout.SpecFile);
        if (!File.Exists(sweepSpec))
            AtomicFile.WriteText(sweepSpec, (Spec with { Versions = CurrentVersions() }).ToJson());
        else
            RequireSameSpec(sweepSpec);
        AtomicFile.WriteText(Path.Combine(SweepDirectory, RunLayout.SweepRecordFile),
            JsonSerializer.Serialize(new SweepInfo(shard.ToString(), Jobs(shard).Select(j => j.DirectoryName).ToList()), ExperimentSpec.JsonOptions) + "\n");

        var jobs = Jobs(shard).Where(j => only is null || j.DirectoryName == only).ToList();
        var summaries = RunAll(jobs, data, out int runsAtOnce);
        var results = jobs.Select((job, k) => (Path.Combine(SweepDirectory, job.DirectoryName), summaries[k])).ToList();
        if (results.Count > 0)
        {
            var machine = MachineDescription(start) + (runsAtOnce > 1 ? $"; {new SweepParallelism(runsAtOnce, Spec.Threads ?? 1)}" : "");
            (SweepSummary.From(Spec.Preset, results) with { WallSeconds = clock.Elapsed.TotalSeconds, Machine = machine })
                .Write(Path.Combine(SweepDirectory, RunLayout.SweepSummaryFile));
            SweepSummary.WriteRunsCsv(Path.Combine(SweepDirectory, RunLayout.RunsCsvFile), results);
        }
        return results;
    }

    /// <summary>Trains the jobs (in sweep order, or <see cref="RunsAtOnce"/> groups at a time) and returns their
    /// summaries in the jobs' order.</summary>
    private RunSummary[] RunAll(IReadOnlyList<RunJob> jobs, ExperimentData data, out int runsAtOnce)
    {
        var summaries = new RunSummary[jobs.Count];
        var groups = jobs.Select((job, k) => (Job: job, Index: k)).GroupBy(x => x.Job.Group).Select(g => g.ToList()).ToList();
        runsAtOnce = Math.Min(RunsAtOnce, groups.Count);
        if (runsAtOnce <= 1)
        {
            // One run at a time still meets collections made by other threads (a progress display's): gated too.
            using var registration = FinalizerGate.Register();
            for (int k = 0; k < jobs.Count; k++) summaries[k] = RunOne(jobs[k], data);
            return summaries;
        }

        var order = WorkOrder(jobs, data);
        groups = groups.OrderBy(g => order.IndexOf(g[0].Job.Group)).ToList();

        // One plain thread per worker (not the thread pool: a run holds its thread for minutes, and libtorch's
        // per-thread settings are set once per worker), with the main thread's 8 MiB stack rather than the 1.5 MiB of
        // a secondary thread: libtorch's autograd runs backward on the calling thread.
        // Finalizers wait until every worker is between two steps (FinalizerGate: TorchSharp's finalizer race). Each
        // worker registers before any starts training, so the first drain waits for all of them.
        int next = -1, threads = Spec.Threads ?? 1;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        using var registered = new CountdownEvent(runsAtOnce);
        void Work()
        {
            using var registration = FinalizerGate.Register();
            registered.Signal();
            registered.Wait();
            TorchRuntime.SetThreads(threads);
            try
            {
                for (int g = Interlocked.Increment(ref next); g < groups.Count && !_observer.Aborted; g = Interlocked.Increment(ref next))
                    foreach (var (job, k) in groups[g]) summaries[k] = RunOne(job, data);
            }
            catch (Exception e)
            {
                if (_observer.Abort()) failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
        }
        var workers = Enumerable.Range(0, runsAtOnce).Select(w => new Thread(Work, maxStackSize: 8 << 20) { Name = $"equidyn run {w + 1}" }).ToList();
        using (FinalizerGate.StepAside()) // this thread only waits: drains must not wait for it
        {
            foreach (var w in workers) w.Start();
            foreach (var w in workers) w.Join();
        }
        failure?.Throw();
        return summaries;
    }

    /// <summary>"2 cores, &lt;CPU model&gt;, load average 1.9 at the start" (what a timing was measured on).</summary>
    internal static string MachineDescription(double? loadAverage)
    {
        string? model = null;
        try
        {
            model = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                : null;
        }
        catch (IOException)
        {
        }
        return $"{Environment.ProcessorCount} cores" + (model is null ? "" : $", {model}") +
               (loadAverage is { } l ? string.Create(CultureInfo.InvariantCulture, $", load average {l:0.0} at the start") : "");
    }

    /// <summary>The 1-minute load average (Linux), or null.</summary>
    internal static double? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var l)
                ? l : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Reads a sweep directory's <c>sweep.json</c>.</summary>
    /// <exception cref="DataFormatException">It is not a sweep record.</exception>
    public static SweepInfo ReadSweepInfo(string path)
    {
        var info = RunFiles.ReadJson<SweepInfo>(path, "a sweep record {\"shard\": \"i/n\", \"runs\": [...]}");
        if (info.Shard is null || info.Runs is null)
            throw new DataFormatException(path, -1, "lacks shard or runs; expected {\"shard\": \"i/n\", \"runs\": [...]}");
        return info;
    }

    /// <summary>Refuses a sweep directory that is a file (or /dev/null), lies under /proc, /sys or /dev, or has a
    /// folder where spec.json or sweep.json belongs; creates it otherwise.</summary>
    private static void PrepareSweepDirectory(string directory)
    {
        InputFile.RefuseSystemPath(directory);
        if (File.Exists(directory))
            throw new RunDirectoryException(directory, "is a file, not a sweep directory", "nothing was changed; give a folder with --out (a new one, or a sweep directory to continue)");
        Directory.CreateDirectory(directory);
        RequireFiles(directory, RunLayout.SpecFile, RunLayout.SweepRecordFile, RunLayout.SweepSummaryFile);
    }

    /// <summary>A sweep directory that already holds a spec is only continued with the same spec (timestamps and
    /// versions and thread count aside): two specs' runs in one folder would mix up their results.</summary>
    private void RequireSameSpec(string sweepSpec)
    {
        ExperimentSpec existing;
        try
        {
            existing = ExperimentSpec.Load(sweepSpec);
        }
        catch (ExperimentSpecException e)
        {
            throw new RunDirectoryException(sweepSpec, $"is not a readable spec ({e.Problem})", "nothing was changed; restore it from a run directory's spec.json (without runArm/runSeed), or write the new sweep elsewhere with --out");
        }
        // The thread count (like the versions) says how a sweep was run, not what it computes: a resume may use another.
        // Both sides go through JSON once, so defaults a loaded spec fills in compare equal to an in-memory spec's.
        static string Canonical(ExperimentSpec s) => (ExperimentSpec.Parse(s.ToJson()) with { Versions = null, Threads = null }).ToJson();
        if (Canonical(existing) != Canonical(Spec))
            throw new RunDirectoryException(SweepDirectory, "already holds a sweep of a different spec", "nothing was changed; continue it with equidyn run --resume DIR, or write the new sweep elsewhere with --out");
    }

    /// <summary>Refuses a folder where one of the run files belongs (it would be deleted or misread).</summary>
    private static void RequireFiles(string directory, params string[] names)
    {
        foreach (var name in names)
            if (Directory.Exists(Path.Combine(directory, name)))
                throw new RunDirectoryException(Path.Combine(directory, name), "is a directory where a file belongs",
                    $"nothing was changed; move that folder out of {directory} and run again");
    }

    /// <summary>A phase's starting point (<c>start.json</c>): its distance to E∩L before the first step — 0 up to
    /// rounding after an exact weight transfer.</summary>
    /// <param name="Distance">Total distance.</param>
    /// <param name="PerLayer">Distance per layer.</param>
    public sealed record StartPoint(double Distance, Dictionary<string, double> PerLayer);

    /// <summary>What a sweep directory's <c>sweep.json</c> records: the shard it ran and its run directories.</summary>
    /// <param name="Shard">"i/n".</param>
    /// <param name="Runs">Run directory names of the shard.</param>
    public sealed record SweepInfo(string Shard, List<string> Runs);

    private RunSummary RunOne(RunJob job, ExperimentData data)
    {
        var runDir = new Runs.SweepDirectory(SweepDirectory).Run(job.Arm.Name, job.Seed).Path;
        var summaryPath = new RunDirectory(runDir).Summary;
        if (File.Exists(runDir))
            throw new RunDirectoryException(runDir, "is a file where the run's folder belongs", "nothing was changed; move that file aside and run again");
        RequireFiles(runDir, SummaryFile, RunLayout.SpecFile, StartFile, MetricsFile, EpochsFile, CheckpointFile);
        if (File.Exists(summaryPath))
        {
            _observer.Log($"{job.DirectoryName}: already complete");
            RunSummary done;
            try
            {
                done = RunSummary.Read(summaryPath);
            }
            catch (DataFormatException e)
            {
                throw new RunDirectoryException(summaryPath, $"the run's completion record is unreadable ({e.Message[(e.FileName.Length + 2)..]})", RunDirectoryException.MoveAside(runDir));
            }
            _observer.RunCompleted(job, runDir, done);
            return done;
        }
        Directory.CreateDirectory(runDir);
        AtomicFile.RemoveLeftovers(runDir);
        var runSpec = Path.Combine(runDir, RunLayout.SpecFile);
        if (!File.Exists(runSpec))
            AtomicFile.WriteText(runSpec, (Spec with { RunArm = job.Arm.Name, RunSeed = job.Seed, Versions = CurrentVersions() }).ToJson());

        if (Spec.Kind == ExperimentKind.Strategies) return RunStrategy(job, data, runDir, summaryPath);
        var arm = job.Arm;

        // Phase 1: Equi training from a projected Gaussian point of E∩L (docs/experiments/mnist-c4.md step 1).
        var equiPhase = Spec.EquivariantPhaseOf(arm);
        var equiDir = Spec.Output.ShareEquivariantPhase
            ? new Runs.SweepDirectory(SweepDirectory).SharedEquivariantPhase(arm.Support, job.Seed).Path
            : Path.Combine(runDir, RunLayout.UnsharedEquivariantFolder);
        Directory.CreateDirectory(equiDir);
        using (var scope = NewDisposeScope())
        {
            var (eqv, trainer) = EquivariantTrainer(job, data);
            RunPhase(job, "equivariant", equiDir, eqv, trainer, data.Train, data.Test, equiPhase, equiPhase.BatchSize);
            var transferPath = Path.Combine(equiDir, TransferPoint.FileName);
            if (!File.Exists(transferPath))
                MeasureTransferPoint(equiDir, trainer, data, () => EquivariantTrainer(job, data).Trainer).Write(transferPath);
        }

        // Phase 2: transfer into the arm's model in L and train it (Aug), measuring the distance to E∩L.
        using (var scope = NewDisposeScope())
        {
            var eqv = Architecture.Build(Spec, job.Arm, ModelSpace.Equivariant, DType(Spec.Dtype), job.Seed);
            Checkpoint.Load(Path.Combine(equiDir, CheckpointFile), eqv); // the final Equi weights, as on disk
            var (net, trainer, train, batch) = AugmentedTrainer(job, data, eqv);
            RunPhase(job, "augmented", runDir, net, trainer, train, data.Test, Spec.AugmentedPhase, batch);
            if (Spec.Output.ExportNpy) ExportNpy(runDir, equiDir, net.Layers.Select(l => l.GetName()).ToList());
        }

        var summary = Summarize(job, runDir, equiDir);
        summary.Write(summaryPath);
        _observer.RunCompleted(job, runDir, summary);
        return summary;
    }

    /// <summary>A <c>strategies</c> run (docs/experiments/): the arm's strategy trained from the paper's projected initial
    /// point of E, the same for every arm of a seed.</summary>
    private RunSummary RunStrategy(RunJob job, ExperimentData data, string runDir, string summaryPath)
    {
        var phase = Spec.AugmentedPhase;
        using (var scope = NewDisposeScope())
        {
            var (network, trainer) = StrategyTrainer(job, data);
            RunPhase(job, "training", runDir, network, trainer, data.Train, data.Test, phase, phase.BatchSize);
            if (Spec.Output.ExportNpy) Export(runDir, runDir, "train", network.Layers.Select(l => l.GetName()).ToList(), withDistance: true);
        }
        var summary = Summarize(job, runDir, Path.Combine(runDir, "no-equivariant-phase"));
        summary.Write(summaryPath);
        _observer.RunCompleted(job, runDir, summary);
        return summary;
    }

    /// <summary>
    /// Minibatches a shard trains (a cheap size measure that needs no timing): steps × minibatches per step (passes ×
    /// batches under full-batch GD), the Equi phase counted once per support and seed when it is shared.
    /// </summary>
    public long Minibatches(ExperimentData data, Shard shard)
    {
        long total = 0;
        var equi = new HashSet<(string, long)>();
        foreach (var job in Jobs(shard))
        {
            if (Spec.Kind == ExperimentKind.Transfer && (!Spec.Output.ShareEquivariantPhase || equi.Add((RunLayout.SupportKey(job.Arm.Support), job.Seed))))
            {
                var e = Spec.EquivariantPhaseOf(job.Arm);
                total += e.Epochs * ((data.Train.Count + e.BatchSize - 1) / e.BatchSize);
            }
            long samples = job.Arm.Augmentation == AugmentationKind.OrbitDataset
                ? (long)Architecture.DataAction(Spec, job.Arm).Elements!.Count * data.Train.Count
                : data.Train.Count;
            var p = Spec.AugmentedPhase;
            total += p.Epochs * p.AugmentationPasses * ((samples + p.BatchSize - 1) / p.BatchSize);
        }
        return total;
    }

    /// <summary>The order in which workers training several runs at once take the groups of runs sharing an Equi phase:
    /// longest first (a greedy longest-processing-time schedule, so that no long group is left to run alone on one core
    /// at the end), ties in sweep order. The order changes nothing a run computes.</summary>
    internal List<string> WorkOrder(IReadOnlyList<RunJob> jobs, ExperimentData data) =>
        jobs.GroupBy(j => j.Group).OrderByDescending(g => ImagesTrained(g.ToList(), data)) // stable: ties keep sweep order
            .Select(g => g.Key).ToList();

    /// <summary>A group's training work in images through the network (forward and backward), float64 counted twice:
    /// the Equi phase once per group, every run's measured phase. A cost measure for ordering work, not a timing.</summary>
    private double ImagesTrained(IReadOnlyList<RunJob> group, ExperimentData data)
    {
        double images = 0;
        if (Spec.Kind == ExperimentKind.Transfer)
            images += (double)Spec.EquivariantPhaseOf(group[0].Arm).Epochs * data.Train.Count * PrecisionWeight(Spec.Dtype);
        foreach (var job in group)
        {
            var p = Spec.AugmentedPhase;
            long samples = job.Arm.Augmentation is AugmentationKind.OrbitDataset or AugmentationKind.ExactOrbits
                ? (long)(Architecture.DataAction(Spec, job.Arm).Elements?.Count ?? 1) * data.Train.Count // listable: the validator refuses whole orbits otherwise
                : data.Train.Count;
            images += (double)p.Epochs * p.AugmentationPasses * samples * PrecisionWeight(job.Arm.Dtype ?? Spec.Dtype);
        }
        return images;
        static double PrecisionWeight(Precision p) => p == Precision.Float64 ? 2 : 1;
    }

    /// <summary>
    /// Estimates the shard's wall time by timing real steps: for every distinct phase (the Equi phase per support, the
    /// measured phase per arm) a trainer built exactly as the run builds it takes a warm-up pass and then
    /// <paramref name="steps"/> timed minibatches on the start of the data; the per-minibatch time times the phase's
    /// minibatches, plus one timed test evaluation per evaluated epoch (<see cref="PhaseSpec.EvaluateEvery"/>), divided by the runs trained at once. Nothing is written.
    /// </summary>
    public SweepEstimate Estimate(ExperimentData data, Shard shard, int steps = 3)
    {
        var jobs = Jobs(shard);
        var phases = new List<(string, double)>();
        var perArm = new Dictionary<string, double>();
        var perSupport = new Dictionary<string, double>();
        double evaluation = TimeEvaluation(jobs[0], data);
        foreach (var job in jobs.DistinctBy(j => j.Arm.Name))
        {
            using var scope = NewDisposeScope();
            if (Spec.Kind == ExperimentKind.Transfer)
            {
                var key = RunLayout.SupportKey(job.Arm.Support);
                var (eqv, equiTrainer) = EquivariantTrainer(job, data);
                if (!perSupport.ContainsKey(key))
                {
                    var e = Spec.EquivariantPhaseOf(job.Arm);
                    perSupport[key] = e.Epochs * PhaseSeconds(equiTrainer, data.Train, e.BatchSize, steps) + e.Evaluations() * evaluation;
                    phases.Add(($"Equi phase, {job.Arm.Support} support", perSupport[key]));
                }
                var (_, trainer, train, batch) = AugmentedTrainer(job, data, eqv);
                perArm[job.Arm.Name] = Spec.AugmentedPhase.Epochs * PhaseSeconds(trainer, train, batch, steps) + Spec.AugmentedPhase.Evaluations() * evaluation;
            }
            else
            {
                var (_, trainer) = StrategyTrainer(job, data);
                perArm[job.Arm.Name] = Spec.AugmentedPhase.Epochs * PhaseSeconds(trainer, data.Train, Spec.AugmentedPhase.BatchSize, steps) + Spec.AugmentedPhase.Evaluations() * evaluation;
            }
            phases.Add(($"{(Spec.Kind == ExperimentKind.Transfer ? "Aug phase" : "training")}, arm {job.Arm.Name}", perArm[job.Arm.Name]));
        }
        double total = jobs.Sum(j => perArm[j.Arm.Name]);
        if (Spec.Kind == ExperimentKind.Transfer)
            total += Spec.Output.ShareEquivariantPhase
                ? jobs.Select(j => (RunLayout.SupportKey(j.Arm.Support), j.Seed)).Distinct().Sum(k => perSupport[k.Item1])
                : jobs.Sum(j => perSupport[RunLayout.SupportKey(j.Arm.Support)]);
        int units = Spec.Kind == ExperimentKind.Transfer && Spec.Output.ShareEquivariantPhase
            ? jobs.Select(j => (RunLayout.SupportKey(j.Arm.Support), j.Seed)).Distinct().Count()
            : jobs.Count;
        // Groups of runs train RunsAtOnce at a time; the groups are of about equal cost in every preset.
        int atOnce = Math.Max(1, Math.Min(RunsAtOnce, units));
        return new SweepEstimate(jobs.Count, total / atOnce, phases, units, atOnce);
    }

    /// <summary>Seconds of one epoch of a phase: the time per sample of a pass over the first <paramref name="steps"/>
    /// minibatches (after a warm-up pass over them) × the samples of an epoch (under full-batch GD the same pass is one
    /// step over a part of the data).</summary>
    private static double PhaseSeconds(Trainer trainer, TensorDataset train, int batch, int steps)
    {
        long count = Math.Min(train.Count, (long)steps * batch);
        var subset = new TensorDataset(train.Inputs.narrow(0, 0, count), train.Targets.narrow(0, 0, count));
        trainer.RunEpoch(subset, _ => { });
        var clock = Stopwatch.StartNew();
        trainer.RunEpoch(subset, _ => { });
        double perSample = clock.Elapsed.TotalSeconds / count;
        return perSample * train.Count;
    }

    private double TimeEvaluation(RunJob job, ExperimentData data)
    {
        using var scope = NewDisposeScope();
        var trainer = Spec.Kind == ExperimentKind.Transfer ? EquivariantTrainer(job, data).Trainer : StrategyTrainer(job, data).Trainer;
        long count = Math.Min(data.Test.Count, 500);
        var subset = new TensorDataset(data.Test.Inputs.narrow(0, 0, count), data.Test.Targets.narrow(0, 0, count));
        trainer.Evaluate(subset, Spec.EvaluationBatchSize);
        var clock = Stopwatch.StartNew();
        trainer.Evaluate(subset, Spec.EvaluationBatchSize);
        return clock.Elapsed.TotalSeconds * data.Test.Count / count;
    }

    /// <summary>The spec's architecture.</summary>
    private IArchitecture Architecture => ArchitectureRegistry.Of(Spec);

    /// <summary>The Equi model of a transfer run at its initial point (the architecture's point of E∩L for the seed:
    /// for the C4 CNN a projected Gaussian draw, docs/experiments/mnist-c4.md step 1) and its trainer.</summary>
    private (StructuredNetwork Network, Trainer Trainer) EquivariantTrainer(RunJob job, ExperimentData data)
    {
        var phase = Spec.EquivariantPhaseOf(job.Arm);
        var eqv = Architecture.Build(Spec, job.Arm, ModelSpace.Equivariant, DType(Spec.Dtype), job.Seed);
        DisposeAll(Architecture.Initialize(eqv, Spec, job.Arm, job.Seed)); // the network holds its own copy
        return (eqv, new Trainer(eqv, new TrainingStrategy(StrategyKind.Equivariant), Spec.Loss,
            Options(phase, phase.BatchSize, PhaseSeed(job.Seed, 1), data.Train.Count)));
    }

    /// <summary>Frees the starting blocks an initialiser returns at once (up to 157 MB per dense 196×196 layer) instead of
    /// leaving them to the garbage collector for the whole run.</summary>
    private static void DisposeAll(Tensor[] blocks)
    {
        foreach (var b in blocks) b.Dispose();
    }

    /// <summary>The arm's model in L holding the Equi model's weights, its Aug trainer, data and minibatch size.</summary>
    private (StructuredNetwork Network, Trainer Trainer, TensorDataset Train, int Batch) AugmentedTrainer(RunJob job, ExperimentData data, StructuredNetwork eqv)
    {
        var arm = job.Arm;
        var net = Architecture.Build(Spec, arm, ModelSpace.Admissible, DType(arm.Dtype ?? Spec.Dtype), job.Seed);
        net.LoadWeightsFrom(eqv);
        var phase = Spec.AugmentedPhase;
        var action = Architecture.DataAction(Spec, arm);
        var (strategy, train, batch) = Strategy(arm, phase) switch
        {
            // The paper's Aug of the CNN: plain SGD over the orbit-completed training set.
            { Kind: StrategyKind.Nominal } s when arm.Augmentation == AugmentationKind.OrbitDataset => (s, data.Orbits, phase.BatchSize),
            // Whole orbits in every minibatch: batchSize counts the augmented images.
            { Kind: StrategyKind.AugmentedExact } s => (s, data.Train, phase.BatchSize / action.Elements!.Count),
            var s => (s, data.Train, phase.BatchSize),
        };
        var trainer = new Trainer(net, strategy, Spec.Loss, Options(phase, batch, PhaseSeed(job.Seed, 2), train.Count),
            strategy.UsesGroupAction ? action : null);
        return (net, trainer, train, batch);
    }

    /// <summary>A <c>strategies</c> run's network at the architecture's initial point (the same point of E∩L for every arm
    /// of a seed), built in the space the arm's strategy trains in, and the arm's trainer.</summary>
    private (StructuredNetwork Network, Trainer Trainer) StrategyTrainer(RunJob job, ExperimentData data)
    {
        var arm = job.Arm;
        var phase = Spec.AugmentedPhase;
        var network = Architecture.Build(Spec, arm, ModelSpaces.For(arm.Strategy), DType(arm.Dtype ?? Spec.Dtype), job.Seed);
        DisposeAll(Architecture.Initialize(network, Spec, arm, job.Seed)); // the network holds its own copy
        var strategy = Strategy(arm, phase);
        return (network, new Trainer(network, strategy, Spec.Loss, Options(phase, phase.BatchSize, PhaseSeed(job.Seed, 3), data.Train.Count),
            strategy.UsesGroupAction ? Architecture.DataAction(Spec, arm) : null));
    }

    /// <summary>The trainer's strategy of an arm: the arm's strategy and augmentation, nothing else. An orbit-dataset
    /// arm trains nominally, on the orbit-completed data set (the augmentation is in the data).</summary>
    internal static TrainingStrategy Strategy(ArmSpec arm, PhaseSpec phase) => (arm.Strategy, arm.Augmentation) switch
    {
        (ArmStrategy.Nominal, _) => new TrainingStrategy(StrategyKind.Nominal),
        (ArmStrategy.Equivariant, _) => new TrainingStrategy(StrategyKind.Equivariant),
        (ArmStrategy.Augmented, AugmentationKind.OrbitDataset) => new TrainingStrategy(StrategyKind.Nominal),
        (ArmStrategy.Augmented, AugmentationKind.ExactOrbits) => new TrainingStrategy(StrategyKind.AugmentedExact),
        (ArmStrategy.Augmented, AugmentationKind.Sampled) => new TrainingStrategy(StrategyKind.AugmentedSampled, phase.SamplingScope, phase.AugmentationPasses),
        _ => throw new ArgumentException($"arm '{arm.Name}': strategy {arm.Strategy} with augmentation {arm.Augmentation?.ToString() ?? "none"} is not a training strategy"),
    };

    private void RunPhase(RunJob job, string phase, string dir, StructuredNetwork net, Trainer trainer,
        TensorDataset train, TensorDataset test, PhaseSpec spec, int batchSize)
    {
        var checkpoint = Path.Combine(dir, CheckpointFile);
        var metricsPath = Path.Combine(dir, MetricsFile);
        var epochsPath = Path.Combine(dir, EpochsFile);
        var layerNames = net.Layers.Select(l => l.GetName()).ToList();
        Directory.CreateDirectory(dir);
        AtomicFile.RemoveLeftovers(dir);
        RequireFiles(dir, CheckpointFile, MetricsFile, EpochsFile, StartFile);
        if (File.Exists(checkpoint))
        {
            var optimizerBuffers = new Dictionary<string, Tensor>();
            var state = CheckResumable(dir, phase, spec, net, optimizerBuffers);
            if (state.Completed) return;
            trainer.Step = state.Step;
            trainer.Epoch = state.Epoch;
            trainer.Random.State = state.RandomState;
            trainer.Optimizer.LoadState(optimizerBuffers, state.OptimizerSteps);
            Truncate(metricsPath, state.CsvLengths![MetricsFile]);
            Truncate(epochsPath, state.CsvLengths![EpochsFile]);
            _observer.Log($"{Path.GetFileName(dir)}: resuming {phase} phase after epoch {state.Epoch}");
        }
        else
        {
            // No checkpoint: the phase never got past its start. CSVs holding only their header carry no result and
            // are started afresh; CSVs with rows mean the checkpoint was lost, and are never deleted.
            foreach (var csv in new[] { metricsPath, epochsPath })
                if (File.Exists(csv) && CountLines(csv, new FileInfo(csv).Length) > 1)
                    throw new RunDirectoryException(dir, $"{Path.GetFileName(csv)} holds rows but {CheckpointFile} is missing, so it is unknown which rows are valid",
                        RunDirectoryException.MoveAside(dir));
            File.Delete(metricsPath);
            File.Delete(epochsPath);
            var start = LayerTelemetry.DistancesToIntersection(net);
            AtomicFile.WriteText(Path.Combine(dir, StartFile), JsonSerializer.Serialize(new StartPoint(LayerTelemetry.Total(start),
                layerNames.Select((l, k) => (l, start[k])).ToDictionary(x => x.l, x => x.Item2)), ExperimentSpec.JsonOptions) + "\n");
        }

        long stepsPerEpoch = StepsPerEpoch(spec, batchSize, train.Count);
        using var metrics = new MetricsCsv(metricsPath, layerNames, append: true);
        using var epochs = new EpochLog(epochsPath);
        metrics.Flush();
        void Save(bool completed)
        {
            var optimizerState = trainer.Optimizer.State();
            try
            {
                WriteCheckpoint(completed, optimizerState);
            }
            finally
            {
                foreach (var t in optimizerState.Values) t.Dispose();
            }
        }
        void WriteCheckpoint(bool completed, IReadOnlyDictionary<string, Tensor> optimizerState) => Checkpoint.Write(checkpoint, net, new CheckpointState
        {
            Phase = phase, Epoch = trainer.Epoch, Step = trainer.Step, RandomState = trainer.Random.State, Completed = completed,
            OptimizerSteps = trainer.Optimizer.Steps,
            CsvLengths = new() { [MetricsFile] = new FileInfo(metricsPath).Length, [EpochsFile] = new FileInfo(epochsPath).Length },
        }, optimizerState);
        if (!File.Exists(checkpoint)) Save(completed: spec.Epochs == 0);
        _observer.PhaseStarted(job, phase, spec.Epochs, trainer.Epoch, stepsPerEpoch);

        while (trainer.Epoch < spec.Epochs)
        {
            if (StopAfterEpochs is { } stop && Volatile.Read(ref _epochsThisProcess) >= stop)
                throw new RunStoppedException(Volatile.Read(ref _epochsThisProcess));
            double lossSum = 0, accSum = 0, distance = 0;
            long steps = 0;
            var clock = Stopwatch.StartNew();
            try
            {
                trainer.RunEpoch(train, r =>
                {
                    metrics.Write(r);
                    lossSum += r.Loss;
                    accSum += r.Accuracy;
                    distance = r.TotalDistance;
                    steps++;
                    _observer.StepCompleted(job, phase, r);
                });
            }
            catch (TrainingDivergedException e)
            {
                metrics.Flush();
                var state = Checkpoint.ReadState(checkpoint);
                throw new RunDivergedException(job, phase, checkpoint, state.Epoch, e);
            }
            clock.Stop();
            // The loss is checked before every step, but the last step of an epoch can still overflow the weights:
            // such weights are never checkpointed (the kept checkpoint stays the last good one).
            if (net.Coefficients.Any(p => !p.isfinite().all().item<bool>()))
            {
                metrics.Flush();
                var state = Checkpoint.ReadState(checkpoint);
                throw new RunDivergedException(job, phase, checkpoint, state.Epoch,
                    new TrainingDivergedException(trainer.Step, trainer.Epoch, "the weights are no longer finite after the epoch's last step"));
            }
            var eval = spec.EvaluatesAfter(trainer.Epoch)
                ? trainer.Evaluate(test, Spec.EvaluationBatchSize)
                : new EpochRecord(trainer.Epoch, double.NaN, double.NaN); // not evaluated this epoch (evaluateEvery)
            var row = new EpochRow(trainer.Epoch, lossSum / steps, accSum / steps, eval.TestLoss, eval.TestAccuracy, distance, steps,
                clock.Elapsed.TotalSeconds);
            epochs.Write(row);
            metrics.Flush();
            epochs.Flush();
            Save(completed: trainer.Epoch == spec.Epochs);
            Interlocked.Increment(ref _epochsThisProcess);
            _observer.EpochCompleted(job, phase, row);
        }
    }

    /// <summary>The risk and its gradient on E∩L over the whole training set at the Equi phase's initial point (rebuilt
    /// from the seed, so a resumed run measures the same) and at its end.</summary>
    private TransferPoint MeasureTransferPoint(string equiDir, Trainer trainer, ExperimentData data,
        Func<Trainer> initial)
    {
        _observer.Log($"{Path.GetFileName(equiDir)}: measuring ‖∇R‖ on E∩L at the start and the end of the Equi phase");
        var start = initial().MeasureRisk(data.Train, Spec.EvaluationBatchSize * 10);
        var end = trainer.MeasureRisk(data.Train, Spec.EvaluationBatchSize * 10);
        var test = trainer.Evaluate(data.Test, Spec.EvaluationBatchSize);
        var epochs = File.Exists(Path.Combine(equiDir, EpochsFile)) ? CsvTable.Read(Path.Combine(equiDir, EpochsFile)).Column("train_loss") : Array.Empty<double>();
        double? change = epochs.Length >= 2 ? Math.Abs(epochs[^1] - epochs[^2]) / epochs[^2] : null;
        return new TransferPoint(start.Loss, start.GradientNorm, end.Loss, end.Accuracy, end.GradientNorm, test.TestLoss, test.TestAccuracy, change);
    }

    /// <summary>Loads and checks a phase's checkpoint against the spec and the CSV files it covers: the right phase,
    /// 0 ≤ epoch ≤ the phase's epochs, and metrics.csv / epochs.csv at least as long as recorded, with exactly one row
    /// per step / epoch (plus the header) in the recorded bytes. Rows after the recorded length (written by a
    /// killed process after its last checkpoint) are dropped on resume and recomputed identically.</summary>
    private static CheckpointState CheckResumable(string dir, string phase, PhaseSpec spec, StructuredNetwork net,
        IDictionary<string, Tensor> optimizerBuffers)
    {
        var checkpoint = Path.Combine(dir, CheckpointFile);
        string recovery = RunDirectoryException.MoveAside(dir);
        CheckpointState state;
        try
        {
            state = Checkpoint.Load(checkpoint, net, optimizerBuffers);
        }
        catch (DataFormatException e)
        {
            throw new RunDirectoryException(checkpoint, $"the checkpoint is damaged ({(e.Message.StartsWith(checkpoint, StringComparison.Ordinal) ? e.Message[(checkpoint.Length + 2)..] : e.Message)})", recovery);
        }
        if (state.Phase != phase)
            throw new RunDirectoryException(checkpoint, $"belongs to phase '{state.Phase}', expected '{phase}'", recovery);
        var start = Path.Combine(dir, StartFile);
        try
        {
            if (File.Exists(start)) RunFiles.ReadJson<StartPoint>(start, "a start point {\"distance\": …, \"perLayer\": {…}}");
        }
        catch (DataFormatException e)
        {
            throw new RunDirectoryException(start, $"is unreadable ({e.Message[(e.FileName.Length + 2)..]})", recovery);
        }
        if (state.Epoch > spec.Epochs)
            throw new RunDirectoryException(checkpoint, $"records epoch {state.Epoch} but the spec's phase has {spec.Epochs} epochs",
                "nothing was changed; raise the phase's epochs in the sweep's spec.json, or " + recovery);
        foreach (var (file, rows, what) in new[] { (MetricsFile, state.Step, "step"), (EpochsFile, (long)state.Epoch, "epoch") })
        {
            var path = Path.Combine(dir, file);
            if (!state.CsvLengths!.TryGetValue(file, out long recorded))
                throw new RunDirectoryException(checkpoint, $"records no length of {file}", recovery);
            long actual = File.Exists(path) ? new FileInfo(path).Length : -1;
            if (actual < recorded)
                throw new RunDirectoryException(path, actual < 0 ? "is missing" : $"is {actual} bytes but the checkpoint covers {recorded}: rows were lost", recovery);
            long lines = CountLines(path, recorded);
            if (lines != rows + 1)
                throw new RunDirectoryException(path, $"holds {lines - 1} rows in the {recorded} bytes the checkpoint covers, but the checkpoint is at {what} {rows}", recovery);
        }
        return state;
    }

    /// <summary>Lines in the first <paramref name="length"/> bytes of a file (which must end with a newline there);
    /// -1 when they do not.</summary>
    private static long CountLines(string path, long length)
    {
        if (length == 0) return 0;
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var buffer = new byte[1 << 16];
        long lines = 0, left = length;
        int last = -1;
        while (left > 0)
        {
            int read = f.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0) return -1;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
            left -= read;
        }
        return last == '\n' ? lines : -1;
    }

    private static void Truncate(string path, long length)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Write);
        if (f.Length > length) f.SetLength(length);
    }

    private RunSummary Summarize(RunJob job, string runDir, string equiDir)
    {
        var run = new RunDirectory(runDir);
        var equi = new RunDirectory(equiDir);
        var m = CsvTable.Read(run.Metrics);
        var e = CsvTable.Read(run.Epochs);
        if (m.Rows.Count == 0 || e.Rows.Count == 0)
            throw new RunDirectoryException(runDir, $"{(m.Rows.Count == 0 ? MetricsFile : EpochsFile)} has no rows although the phase is complete",
                RunDirectoryException.MoveAside(runDir));
        var distance = m.Column("distance");
        var epoch = m.Column("epoch");
        var layers = m.Header.Where(h => h.StartsWith("distance_", StringComparison.Ordinal) && !h.StartsWith("distance_from_start", StringComparison.Ordinal))
            .ToList();
        var seconds = e.Column("seconds");
        double? equiAccuracy = null, equiSeconds = null;
        var equiEpochs = equi.Epochs;
        if (File.Exists(equiEpochs) && CsvTable.Read(equiEpochs) is { Rows.Count: > 0 } q)
        {
            equiAccuracy = q.Column("test_accuracy")[^1];
            equiSeconds = q.Column("seconds").Average();
        }
        var transferPath = Path.Combine(equiDir, TransferPoint.FileName);
        var transfer = File.Exists(transferPath) ? TransferPoint.Read(transferPath) : null;
        var startPath = run.Start;
        double? initial = File.Exists(startPath)
            ? RunFiles.ReadJson<StartPoint>(startPath, "a start point {\"distance\": …, \"perLayer\": {…}}").Distance
            : null;
        return new RunSummary
        {
            InitialDistance = initial,
            Arm = job.Arm.Name,
            Seed = job.Seed,
            Support = job.Arm.Support ?? "",
            Basis = SpecNames.Of(job.Arm.Basis),
            Augmentation = job.Arm.Augmentation is { } augmentation ? SpecNames.Of(augmentation) : SpecNames.Of(job.Arm.Strategy),
            Dtype = SpecNames.Of(job.Arm.Dtype ?? Spec.Dtype),
            Steps = distance.Length,
            Epochs = e.Rows.Count,
            FinalDistance = distance[^1],
            MeanDistance = distance.Average(),
            MaxDistanceFirstEpoch = distance.Where((_, i) => epoch[i] == 1).DefaultIfEmpty(double.NaN).Max(),
            FinalRelativeDistance = m.Column("relative_distance")[^1],
            FinalDistancePerLayer = layers.ToDictionary(h => h["distance_".Length..], h => m.Column(h)[^1]),
            TestAccuracy = e.Column("test_accuracy")[^1],
            TestLoss = e.Column("test_loss")[^1],
            EquivariantTestAccuracy = transfer?.TestAccuracy ?? equiAccuracy,
            EquivariantTestLoss = transfer?.TestLoss,
            EquivariantTrainLoss = transfer?.Loss,
            EquivariantGradientNorm = transfer?.GradientNorm,
            EquivariantRelativeGradientNorm = transfer?.RelativeGradientNorm is { } relative && double.IsFinite(relative) ? relative : null,
            EquivariantLastEpochLossChange = transfer?.LastEpochLossChange,
            EquivariantOptimizer = Spec.Kind == ExperimentKind.Transfer ? Describe(Spec.EquivariantPhaseOf(job.Arm)) : null,
            Optimizer = Describe(Spec.AugmentedPhase),
            SecondsPerEpoch = seconds.Average(),
            StepsPerSecond = distance.Length / Math.Max(seconds.Sum(), 1e-9),
            EquivariantSecondsPerEpoch = equiSeconds,
        };
    }

    /// <summary>The paper's arrays (docs/experiments/mnist-c4.md): <c>aug_distance</c> [epochs, layers, steps per epoch];
    /// <c>aug_/eqv_</c> training_loss, training_acc, gradient_norm [epochs, steps per epoch]; testing_loss,
    /// testing_acc [epochs]. float64.</summary>
    private static void ExportNpy(string runDir, string equiDir, IReadOnlyList<string> layers)
    {
        Export(runDir, runDir, "aug", layers, withDistance: true);
        if (File.Exists(Path.Combine(equiDir, EpochsFile)) && CsvTable.Read(Path.Combine(equiDir, EpochsFile)).Rows.Count > 0)
            Export(equiDir, runDir, "eqv", layers, withDistance: false);
    }

    private static void Export(string from, string to, string prefix, IReadOnlyList<string> layers, bool withDistance)
    {
        var m = CsvTable.Read(Path.Combine(from, MetricsFile));
        var e = CsvTable.Read(Path.Combine(from, EpochsFile));
        int epochs = e.Rows.Count, total = m.Rows.Count;
        if (epochs == 0 || total % epochs != 0) return;
        int perEpoch = total / epochs;
        void Write(string name, double[] values, params int[] shape) => Npy.Write(Path.Combine(to, $"{prefix}_{name}.npy"), NpyArray.Of(values, shape));
        Write("training_loss", m.Column("loss"), epochs, perEpoch);
        Write("training_acc", m.Column("accuracy"), epochs, perEpoch);
        Write("gradient_norm", m.Column("grad_norm"), epochs, perEpoch);
        Write("testing_loss", e.Column("test_loss"), epochs);
        Write("testing_acc", e.Column("test_accuracy"), epochs);
        if (!withDistance) return;
        var columns = layers.Select(l => m.Column($"distance_{l}")).ToArray();
        var values = new double[epochs * layers.Count * perEpoch];
        for (int ep = 0; ep < epochs; ep++)
        for (int k = 0; k < layers.Count; k++)
        for (int s = 0; s < perEpoch; s++)
            values[(ep * layers.Count + k) * perEpoch + s] = columns[k][ep * perEpoch + s];
        Write("distance", values, epochs, layers.Count, perEpoch);
    }

    private static TrainingOptions Options(PhaseSpec phase, int batch, ulong seed, long samples) =>
        new(phase.LearningRate, batch, phase.Protocol, phase.Shuffle, seed)
        {
            Optimizer = phase.Optimizer.ToOptions(),
            Schedule = phase.Schedule,
            TotalSteps = (long)phase.Epochs * StepsPerEpoch(phase, batch, samples),
        };

    /// <summary>A phase's update rule for summaries and logs: <c>adam(β₁=0.9, β₂=0.999, ε=1e-08) η=0.003 cosine</c>.</summary>
    public static string Describe(PhaseSpec phase) =>
        $"{phase.Optimizer.ToOptions()} η={phase.LearningRate.ToString("G", CultureInfo.InvariantCulture)} {SpecNames.Of(phase.Schedule)}";

    /// <summary>Gradient steps per epoch: one under full-batch GD, else one per minibatch.</summary>
    internal static long StepsPerEpoch(PhaseSpec phase, int batch, long samples) =>
        phase.Protocol == Protocol.FullBatch ? 1 : (samples + batch - 1) / batch;

    /// <summary>The seed of a phase's data order: SplitMix64 of (run seed, phase), so phases and runs differ.</summary>
    private static ulong PhaseSeed(long seed, int phase)
    {
        var rng = new DataRandom(unchecked((ulong)seed * 0x100000001B3UL + (ulong)phase));
        return rng.NextUInt64();
    }

    /// <summary>The parameter type of a spec's precision.</summary>
    internal static ScalarType DType(Precision precision) => precision switch
    {
        Precision.Float32 => ScalarType.Float32,
        Precision.Float64 => ScalarType.Float64,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "not a precision"),
    };

    /// <summary>epochs.csv: epoch, train_loss, train_accuracy, test_loss, test_accuracy, distance, steps, seconds.</summary>
    private sealed class EpochLog : IDisposable
    {
        private readonly StreamWriter _writer;

        public EpochLog(string path)
        {
            bool header = !File.Exists(path) || new FileInfo(path).Length == 0;
            _writer = new StreamWriter(path, append: true, new UTF8Encoding(false));
            if (header) _writer.WriteLine("epoch,train_loss,train_accuracy,test_loss,test_accuracy,distance,steps,seconds");
            _writer.Flush();
        }

        public void Write(EpochRow r) => _writer.WriteLine(string.Join(',',
            r.Epoch.ToString(CultureInfo.InvariantCulture), F(r.TrainLoss), F(r.TrainAccuracy), F(r.TestLoss), F(r.TestAccuracy),
            F(r.Distance), r.Steps.ToString(CultureInfo.InvariantCulture), F(r.Seconds)));

        public void Flush() => _writer.Flush();

        public void Dispose() => _writer.Dispose();

        private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
    }
}
