using System.Globalization;
using EquiDyn.Experiments;

namespace EquiDyn.Cli.Experiments;

/// <summary>Where a sweep is: which runs of how many are training, their phases and epochs, elapsed times and the
/// estimated time left, for the progress display, the plain log and the Ctrl-C message. Fed by the runner's observer
/// callbacks (one at a time, also when several runs train at once); the clock is injectable so the estimates can be
/// tested without timing anything.</summary>
/// <remarks>The estimate: a run already complete on disk (resume) counts as done and costs nothing; the runs trained
/// in this process so far give the mean time per run, and a training run's finished fraction (its phase, by steps; a
/// transfer run's Equi phase is half of it) counts towards the done work; steps trained before a resume do not count
/// towards the rate. With several runs at once, the work left (the training runs' rest and the mean time of every run
/// not started) is shared by <see cref="RunsAtOnce"/> workers.</remarks>
public sealed class SweepProgress(IReadOnlyList<string> runs, Func<TimeSpan>? clock = null, int runsAtOnce = 1)
{
    private readonly Func<TimeSpan> _clock = clock ?? StopwatchClock();
    private readonly HashSet<string> _done = new();
    private readonly List<Active> _active = new();
    private readonly object _gate = new();
    private TimeSpan _trainedTime;
    private int _trainedRuns;

    /// <summary>A run being trained in this process.</summary>
    private sealed class Active(string run, TimeSpan started, bool twoPhases)
    {
        public string Run { get; } = run;
        public TimeSpan Started { get; } = started;
        public bool TwoPhases { get; } = twoPhases;
        public string Phase = "";
        public int PhaseEpochs, CheckpointedEpoch;
        public long PhaseSteps, PhaseStep, PhaseStepOffset;
        public TimeSpan PhaseStarted;
    }

    /// <summary>Run directory names of the sweep (this shard), in order.</summary>
    public IReadOnlyList<string> Runs { get; } = runs;

    /// <summary>Runs trained at the same time (≥ 1).</summary>
    public int RunsAtOnce { get; } = Math.Max(1, runsAtOnce);

    /// <summary>Runs finished (including those found complete on disk).</summary>
    public int Done
    {
        get { lock (_gate) return _done.Count; }
    }

    /// <summary>The runs being trained, in the order they started.</summary>
    public IReadOnlyList<string> Training
    {
        get { lock (_gate) return _active.Select(a => a.Run).ToList(); }
    }

    /// <summary>1-based position of a run in <see cref="Runs"/> (0 when it is not in the sweep).</summary>
    public int Number(string run) => Runs.ToList().IndexOf(run) + 1;

    /// <summary>A run's phase ("equivariant", "augmented", "training"), or null when it is not training.</summary>
    public string? Phase(string run) => Find(run)?.Phase;

    /// <summary>Epochs of a run's current phase (0 when it is not training).</summary>
    public int PhaseEpochs(string run) => Find(run)?.PhaseEpochs ?? 0;

    /// <summary>Steps of a run's current phase (all epochs), and the steps done.</summary>
    public (long Done, long Total) PhaseSteps(string run)
    {
        lock (_gate) return Find(run) is { } a ? (a.PhaseStep, a.PhaseSteps) : (0, 0);
    }

    /// <summary>Time spent on a run so far (zero when it is not training).</summary>
    public TimeSpan RunElapsed(string run) => Find(run) is { } a ? _clock() - a.Started : TimeSpan.Zero;

    /// <summary>Fraction of a run done (0–1; 0 when it is not training).</summary>
    public double RunFraction(string run)
    {
        lock (_gate) return Find(run) is { } a ? Fraction(a) : 0;
    }

    /// <summary>The training runs' finished fractions added up (for a sweep bar: <see cref="Done"/> plus this).</summary>
    public double TrainingFraction
    {
        get { lock (_gate) return _active.Sum(Fraction); }
    }

    /// <summary>Estimated time left in a run, or null before its first step in this process.</summary>
    public TimeSpan? RunRemaining(string run)
    {
        lock (_gate) return Find(run) is { } a ? Remaining(a) : null;
    }

    /// <summary>Estimated time left in the sweep, or null before the first step in this process.</summary>
    public TimeSpan? SweepRemaining
    {
        get
        {
            lock (_gate)
            {
                int left = Runs.Count - _done.Count;
                if (left == 0) return TimeSpan.Zero;
                double? mean = _trainedRuns > 0 ? _trainedTime.TotalSeconds / _trainedRuns : null;
                double work = 0;
                foreach (var a in _active)
                {
                    if (Remaining(a) is not { } runLeft) return null;
                    work += runLeft.TotalSeconds;
                    mean ??= (_clock() - a.Started + runLeft).TotalSeconds;
                }
                if (mean is not { } perRun) return null;
                work += perRun * (left - _active.Count);
                return TimeSpan.FromSeconds(work / Math.Min(RunsAtOnce, left));
            }
        }
    }

    /// <summary>A phase starts or resumes.</summary>
    public void PhaseStarted(RunJob job, string phase, int epochs, int completedEpochs, long stepsPerEpoch, bool transfer)
    {
        lock (_gate)
        {
            var a = Find(job.DirectoryName);
            if (a is null)
            {
                a = new Active(job.DirectoryName, _clock(), transfer && phase == "equivariant");
                _active.Add(a);
            }
            a.PhaseStarted = _clock();
            a.Phase = phase;
            a.PhaseEpochs = epochs;
            a.CheckpointedEpoch = completedEpochs;
            a.PhaseSteps = Math.Max(1, epochs * stepsPerEpoch);
            a.PhaseStep = completedEpochs * stepsPerEpoch;
            // Steps done before this process started do not count towards the rate.
            a.PhaseStepOffset = a.PhaseStep;
        }
    }

    /// <summary>A run took a step.</summary>
    public void Step(RunJob job)
    {
        lock (_gate)
            if (Find(job.DirectoryName) is { } a) a.PhaseStep++;
    }

    /// <summary>A run checkpointed an epoch.</summary>
    public void EpochCompleted(RunJob job, int epoch)
    {
        lock (_gate)
            if (Find(job.DirectoryName) is { } a) a.CheckpointedEpoch = epoch;
    }

    /// <summary>A run finished (or was found complete on disk: then it never trained here). Returns the time it
    /// trained in this process, or null when it did not.</summary>
    public TimeSpan? RunCompleted(RunJob job)
    {
        lock (_gate)
        {
            TimeSpan? took = null;
            if (Find(job.DirectoryName) is { } a)
            {
                took = _clock() - a.Started;
                _trainedRuns++;
                _trainedTime += took.Value;
                _active.Remove(a);
            }
            _done.Add(job.DirectoryName);
            return took;
        }
    }

    /// <summary>"2 of 12 run(s) done, about 00:05:10 left in the sweep".</summary>
    public string SweepLine() =>
        $"{Done} of {Runs.Count} run(s) done" + (SweepRemaining is { } left && Done < Runs.Count ? $", about {Format(left)} left in the sweep" : "");

    /// <summary>"run 3 of 12 (cross-seed1), augmented phase, after epoch 2 of 5; 2 of 12 runs complete" — for the
    /// interruption message; with several runs training, one such clause per run, joined by "and".</summary>
    public string WhereLine()
    {
        lock (_gate)
        {
            var training = string.Join(" and ", _active.Select(a =>
                $"run {Number(a.Run)} of {Runs.Count} ({a.Run}), {a.Phase} phase, " +
                (a.CheckpointedEpoch == 0 ? $"in epoch 1 of {a.PhaseEpochs} (nothing checkpointed in this phase yet)" : $"last checkpoint after epoch {a.CheckpointedEpoch} of {a.PhaseEpochs}")));
            var complete = $"{_done.Count} of {Runs.Count} run(s) complete";
            return training.Length == 0 ? complete : $"{training}; {complete}";
        }
    }

    /// <summary>hh:mm:ss (days add to the hours).</summary>
    public static string Format(TimeSpan t) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}");

    private Active? Find(string run)
    {
        lock (_gate) return _active.Find(a => a.Run == run);
    }

    private static double Fraction(Active a)
    {
        double f = Math.Clamp((double)a.PhaseStep / a.PhaseSteps, 0, 1);
        return !a.TwoPhases ? f : a.Phase == "equivariant" ? f / 2 : 0.5 + f / 2;
    }

    private TimeSpan? Remaining(Active a)
    {
        long stepsHere = a.PhaseStep - a.PhaseStepOffset;
        if (stepsHere <= 0) return null;
        double perStep = (_clock() - a.PhaseStarted).TotalSeconds / stepsHere;
        double left = perStep * (a.PhaseSteps - a.PhaseStep);
        // A transfer run's Equi phase is followed by an Aug phase of about the same length.
        if (a.TwoPhases && a.Phase == "equivariant") left += perStep * a.PhaseSteps;
        return TimeSpan.FromSeconds(Math.Max(0, left));
    }

    private static Func<TimeSpan> StopwatchClock()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        return () => watch.Elapsed;
    }
}
