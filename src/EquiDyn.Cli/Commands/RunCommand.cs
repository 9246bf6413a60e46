using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EquiDyn.Cli.Experiments;
using EquiDyn.Data;
using EquiDyn.Engine;
using EquiDyn.Experiments;
using EquiDyn.Cli.Help;
using EquiDyn.Reporting;
using EquiDyn.Reporting.Text;
using Spectre.Console;
using EquiDyn.Runs;

namespace EquiDyn.Cli.Commands;

/// <summary><c>equidyn run &lt;spec.json&gt;</c> or <c>equidyn run --preset mnist-c4 --quick</c>: runs an experiment
/// (all arms × seeds, or one shard of them) into a sweep directory; <c>--resume DIR</c> continues an interrupted one.
/// Exit codes: 0 done, 1 data could not be loaded, 2 bad spec or arguments, 3 training diverged, 4 stopped on
/// request (--stop-after-epochs), 130 interrupted by Ctrl-C (with the resume command).</summary>
public static class RunCommand
{
    private const string Name = "run";

    public static Command Create()
    {
        var specFile = new Argument<string?>("spec") { Description = "A JSON spec (see 'equidyn preset show').", Arity = ArgumentArity.ZeroOrOne };
        var specOption = new Option<string?>("--spec") { Description = "A JSON spec, as the argument (e.g. --spec examples/ring-d6.json)." };
        var preset = new Option<string?>("--preset") { Description = $"Run a built-in preset: {string.Join(", ", ExperimentPresets.Names)}." };
        var quick = new Option<bool>("--quick") { Description = "With --preset: the quick scale (default; a few minutes)." };
        var full = new Option<bool>("--full") { Description = "With --preset: the paper's full settings." };
        var resume = new Option<string?>("--resume") { Description = "Continue an interrupted sweep (or one run) directory." };
        var shard = new Option<string?>("--shard") { Description = "Run shard i/n of the sweep (0-based; default from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT, else 0/1)." };
        var output = new Option<string?>("--out") { Description = "Sweep directory (default runs/<preset>-<timestamp>/)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder with the four IDX files (full MNIST, or Fashion-MNIST with --dataset fashion-mnist)." };
        var dataset = new Option<string?>("--dataset") { Description = "mnist (default) or fashion-mnist." };
        var seeds = new Option<string?>("--seeds") { Description = "Seeds to run, e.g. 0,1,2 or 0-29 (overrides the spec)." };
        var stopAfter = new Option<int?>("--stop-after-epochs") { Description = "Stop after this many epochs (simulates an interruption; resume with --resume).", Hidden = true };
        var plain = new Option<bool>("--plain") { Description = "Plain log lines instead of progress bars, even on a terminal." };
        var set = new Option<string[]>("--set")
        {
            Description = "Change one spec field, e.g. --set augmentedPhase.epochs=3 or --set seeds=[0,1] (repeatable; validated like a spec file, recorded in spec.json).",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var tensorboard = new Option<bool>("--tensorboard") { Description = "Also write TensorBoard event files into every run directory (tensorboard --logdir <sweep>)." };
        var interruptAfter = new Option<long?>("--interrupt-after-steps") { Description = "Act as if Ctrl-C were pressed after this many steps (tests the interruption path).", Hidden = true };

        var threads = new Option<int?>("--threads") { Description = "libtorch threads per run (default: the spec's; else 1 when several runs train at once, every core for one run); recorded in spec.json." };
        var jobsOption = new Option<int?>("--jobs") { Description = "Runs trained at once, each on its own core(s) (default: one per core, at most one per group of runs sharing an Equi phase)." };

        var command = new Command(Name, "Run an experiment spec or preset: one run directory per arm and seed, checkpointed every epoch.");
        command.Arguments.Add(specFile);
        foreach (var o in new Option[] { specOption, preset, quick, full, set, resume, shard, output, dataDir, dataset, seeds, plain, threads, jobsOption, tensorboard, stopAfter, interruptAfter })
            command.Options.Add(o);
        command.Action = new OneLineErrorAction(Name, (parse, stdout, stderr) =>
        {
            int Fail(string message) => OneLineErrorAction.Fail(stderr, Name, message);
            ExperimentSpec spec;
            string sweepDir;
            string? only = null;
            Shard? shardValue = null;
            try
            {
                if (parse.GetValue(shard) is { } s) shardValue = Shard.Parse(s);
                else shardValue = Shard.FromEnvironment();
            }
            catch (FormatException e)
            {
                return Fail($"--shard: {e.Message}");
            }

            var resumeDir = parse.GetValue(resume);
            var file = parse.GetValue(specFile);
            if (parse.GetValue(specOption) is { } named)
            {
                if (file is not null) return Fail($"give the spec once: either as the argument ({file}) or with --spec ({named}).");
                file = named;
            }
            var presetName = parse.GetValue(preset);
            if (parse.GetValue(quick) && parse.GetValue(full)) return Fail("--quick and --full exclude each other; pick one.");
            int sources = (resumeDir is null ? 0 : 1) + (file is null ? 0 : 1) + (presetName is null ? 0 : 1);
            if (sources != 1)
                return Fail("give exactly one of: a spec file, --preset NAME, or --resume DIR (e.g. equidyn run --preset mnist-c4 --quick).");
            if (presetName is not null && !ExperimentPresets.Names.Contains(presetName))
                return Fail(Suggestions.UnknownValue("preset", presetName, ExperimentPresets.Names.ToList()) + " (equidyn preset list)");
            if (parse.GetValue(dataset) is { } datasetName && !SpecNames.TryParse<DatasetName>(datasetName, out _))
                return Fail("--dataset: " + Suggestions.UnknownValue("dataset", datasetName, SpecNames.Of<DatasetName>().ToList()));
            var assignments = parse.GetValue(set) ?? [];
            if (resumeDir is not null && assignments.Length > 0)
                return Fail("--set changes a new sweep's spec; a resumed sweep keeps the spec.json it started with.");
            try
            {
                if (resumeDir is not null)
                {
                    if (!File.Exists(Path.Combine(resumeDir, RunLayout.SpecFile)))
                        return Fail($"--resume: '{resumeDir}' holds no spec.json; pass a sweep directory written by equidyn run (or one of its run directories).");
                    spec = ExperimentSpec.Load(Path.Combine(resumeDir, RunLayout.SpecFile));
                    sweepDir = resumeDir;
                    if (spec.RunArm is not null)
                    {
                        only = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(resumeDir)));
                        sweepDir = Path.GetDirectoryName(Path.GetFullPath(resumeDir))!;
                        spec = ExperimentSpec.Load(Path.Combine(sweepDir, RunLayout.SpecFile));
                    }
                    if (shardValue is null && File.Exists(Path.Combine(sweepDir, RunLayout.SweepRecordFile)))
                    {
                        shardValue = Shard.Parse(ExperimentRunner.ReadSweepInfo(Path.Combine(sweepDir, RunLayout.SweepRecordFile)).Shard);
                    }
                }
                else
                {
                    spec = file is not null ? ExperimentSpec.Load(file) : ExperimentPresets.Get(presetName!, parse.GetValue(full) ? "full" : "quick");
                    spec = ApplyOverrides(spec, parse.GetValue(dataDir), parse.GetValue(dataset), parse.GetValue(seeds), parse.GetValue(output));
                    spec = SpecOverrides.Apply(spec, assignments);
                    ExperimentSpecValidator.Validate(spec);
                    sweepDir = ExperimentRunner.DefaultSweepDirectory(spec, DateTime.Now);
                }
            }
            catch (ExperimentSpecException e)
            {
                return Fail(e.Message);
            }
            catch (FileNotFoundException e)
            {
                return Fail(e.Message);
            }
            catch (FormatException e)
            {
                return Fail(e.Message);
            }

            var clock = Stopwatch.StartNew();
            TorchRuntime.EnsureLoaded();
            int? threadsGiven = parse.GetValue(threads) ?? spec.Threads, jobsGiven = parse.GetValue(jobsOption);
            if (threadsGiven < 1) return Fail($"--threads (or the spec's threads): {threadsGiven} is not a thread count; give 1 or more (default: every core).");
            if (jobsGiven < 1) return Fail($"--jobs: {jobsGiven} is not a number of runs; give 1 or more (default: one run per core).");
            var theShard = shardValue ?? Shard.All;
            var planned = RunJob.Plan(spec);
            var jobs = theShard.Select(planned).Where(j => only is null || j.DirectoryName == only).ToList();
            // The ensemble and optimizer tables are one computation each: they get every core.
            int groups = TableExperiments.Handles(spec.Kind) ? 1 : jobs.Select(j => j.Group).Distinct().Count();
            var parallelism = SweepParallelism.Choose(TorchRuntime.DefaultThreads, groups, threadsGiven, jobsGiven);
            spec = spec with { Threads = TorchRuntime.SetThreads(parallelism.ThreadsPerRun) };
            ExperimentData data;
            try
            {
                stderr.WriteLine($"equidyn run: loading {SpecNames.Of(spec.Dataset.Name)}");
                data = ExperimentData.Load(spec, stderr);
            }
            catch (Exception e) when (e is DataFetchException or DataFormatException or FileNotFoundException or DirectoryNotFoundException)
            {
                stderr.WriteLine($"equidyn {Name}: {e.Message.ReplaceLineEndings(" ")}");
                return 1;
            }
            stderr.WriteLine($"equidyn run: {data.Description}");
            stderr.WriteLine($"equidyn run: {spec.Preset} ({SpecNames.Of(spec.Scale)}) into {sweepDir}" + (theShard.Count > 1 ? $", shard {theShard}" : "") +
                             (TableExperiments.Handles(spec.Kind) ? "" : $"; {parallelism}"));

            if (TableExperiments.Handles(spec.Kind)) return TableExperimentRun.Execute(spec, data, sweepDir, stdout, stderr, clock);
            if (resumeDir is null) WarnAboutCost(spec, data, theShard, parallelism.RunsAtOnce, stderr);

            IReadOnlyList<(string Directory, RunSummary Summary)> results = Array.Empty<(string, RunSummary)>();
            var progress = new SweepProgress(jobs.Select(j => j.DirectoryName).ToList(), runsAtOnce: parallelism.RunsAtOnce);
            bool transfer = spec.Kind == ExperimentKind.Transfer;
            var resumeTarget = only is null ? sweepDir : Path.Combine(sweepDir, only);
            bool console = ReferenceEquals(stderr, Console.Error);
            using var interruption = new RunInterruption(() => InterruptionMessage(progress, resumeTarget), stderr, listen: console,
                afterSteps: parse.GetValue(interruptAfter));
            IRunObserver Chain(IRunObserver display) => parse.GetValue(tensorboard)
                ? new ObserverChain(display, new TensorBoardObserver(sweepDir), interruption)
                : new ObserverChain(display, interruption);
            try
            {
                using (data)
                {
                    bool bars = !parse.GetValue(plain) && console && !Console.IsErrorRedirected
                                && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
                    if (bars)
                    {
                        AnsiConsole.Progress().AutoClear(true).HideCompleted(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(),
                                new PercentageColumn(), new BarsObserver.TimesColumn(progress))
                            .Start(ctx =>
                            {
                                var runner = new ExperimentRunner(spec, sweepDir, Chain(new BarsObserver(ctx, progress, transfer))) { StopAfterEpochs = parse.GetValue(stopAfter), RunsAtOnce = parallelism.RunsAtOnce };
                                results = runner.Run(data, theShard, only);
                            });
                    }
                    else
                    {
                        var runner = new ExperimentRunner(spec, sweepDir, Chain(new LogObserver(stderr, progress, transfer))) { StopAfterEpochs = parse.GetValue(stopAfter), RunsAtOnce = parallelism.RunsAtOnce };
                        results = runner.Run(data, theShard, only);
                    }
                }
            }
            catch (OperationCanceledException) when (interruption.Requested)
            {
                if (console) RunInterruption.RestoreCursor();
                stderr.WriteLine(InterruptionMessage(progress, resumeTarget));
                return RunInterruption.ExitCode;
            }
            catch (RunDivergedException e)
            {
                stderr.WriteLine($"equidyn {Name}: {e.Message}");
                return 3;
            }
            catch (RunStoppedException e)
            {
                stderr.WriteLine($"equidyn {Name}: {e.Message} {sweepDir}");
                return 4;
            }

            if (results.Count == 0)
            {
                stdout.WriteLine($"shard {theShard} has no runs (the sweep has {RunJob.Plan(spec).Count}); nothing to do");
                return 0;
            }
            var summary = SweepSummary.From(spec.Preset, results);
            stdout.WriteLine($"results: {sweepDir}");
            SweepTable.Write(summary, stdout);
            TransferTable.Write(summary, stdout);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{results.Count} run(s) in {clock.Elapsed.TotalSeconds:0} s; per run: {sweepDir}/<arm>-seed<k>/ (metrics.csv, epochs.csv, summary.json, *.npy)"));
            return 0;
        });
        return command;
    }

    /// <summary>What Ctrl-C prints: where the sweep stood and the exact command that resumes it.</summary>
    public static string InterruptionMessage(SweepProgress progress, string resumeDirectory) =>
        $"equidyn {Name}: interrupted at {progress.WhereLine()}.{Environment.NewLine}" +
        $"equidyn {Name}: nothing checkpointed is lost; resume with: {InvokedAs()} run --resume {ShellQuote(resumeDirectory)}";

    /// <summary>How the user called the tool: the repository wrapper exports its own path as EQUIDYN_COMMAND
    /// (e.g. <c>./equidyn</c>); an installed tool is <c>equidyn</c>.</summary>
    private static string InvokedAs() =>
        Environment.GetEnvironmentVariable("EQUIDYN_COMMAND") is { Length: > 0 } c ? ShellQuote(c) : "equidyn";

    private static string ShellQuote(string s) =>
        s.All(ch => char.IsLetterOrDigit(ch) || "/._-+:=@,".Contains(ch)) ? s : $"'{s.Replace("'", "'\\''")}'";

    /// <summary>Before a full or long sweep: the data warning, and the calibrated wall-time estimate with how to shard
    /// it (printed for --full and for any sweep estimated above an hour; sweeps too small to reach that are not timed).</summary>
    private static void WarnAboutCost(ExperimentSpec spec, ExperimentData data, Shard shard, int runsAtOnce, TextWriter stderr)
    {
        if (SweepEstimate.DataWarning(spec) is { } warning) stderr.WriteLine(warning);
        var runner = new ExperimentRunner(spec, "(estimate)") { RunsAtOnce = runsAtOnce };
        if (spec.Scale != SpecScale.Full && runner.Minibatches(data, shard) < 5000) return;
        stderr.WriteLine("equidyn run: timing a few steps of every phase to estimate the sweep's cost …");
        var estimate = runner.Estimate(data, shard);
        if (spec.Scale != SpecScale.Full && estimate.Seconds <= SweepEstimate.LongSweepSeconds) return;
        string command = spec.Preset.Length > 0 && spec.Scale is SpecScale.Quick or SpecScale.Full
            ? $"equidyn run --preset {spec.Preset} --{SpecNames.Of(spec.Scale)}" + (spec.Dataset.DataDir is { } d ? $" --data-dir {d}" : "")
            : "equidyn run <spec.json>";
        foreach (var line in estimate.Describe(spec, shard, command)) stderr.WriteLine(line);
        if (SweepEstimate.DataWarning(spec) is { } again) stderr.WriteLine(again);
    }

    private static ExperimentSpec ApplyOverrides(ExperimentSpec spec, string? dataDir, string? dataset, string? seeds, string? output)
    {
        if (dataset is not null) spec = spec with { Dataset = spec.Dataset with { Name = SpecNames.TryParse<DatasetName>(dataset, out var name) ? name : throw new ExperimentSpecException("--dataset", SpecNames.Unknown<DatasetName>(dataset)) } };
        if (dataDir is not null) spec = spec with { Dataset = spec.Dataset with { DataDir = dataDir } };
        if (output is not null) spec = spec with { Output = spec.Output with { Directory = output } };
        if (seeds is not null) spec = spec with { Seeds = ParseSeeds(seeds) };
        return spec;
    }

    /// <summary>"0,1,5" or "0-29" or a mix.</summary>
    private static List<long> ParseSeeds(string text)
    {
        var seeds = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-');
            if (range.Length == 2 && long.TryParse(range[0], out long a) && long.TryParse(range[1], out long b) && a <= b)
            {
                // Bounded before the range is materialised: --seeds 0-100000000 must not fill memory.
                if ((double)b - a + 1 + seeds.Count > ExperimentSpecValidator.MaxRuns)
                    throw new ExperimentSpecException("--seeds", $"'{part}' names {(double)b - a + 1:0} seeds; a sweep has at most {ExperimentSpecValidator.MaxRuns} runs");
                for (long s = a; s <= b; s++) seeds.Add(s);
            }
            else if (long.TryParse(part, out long v)) seeds.Add(v);
            else throw new ExperimentSpecException("--seeds", $"'{part}' is not a seed or a range; write e.g. 0,1,2 or 0-29");
        }
        return seeds;
    }
}
