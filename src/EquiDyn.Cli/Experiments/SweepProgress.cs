using System.Globalization;
using EquiDyn.Experiments;

namespace EquiDyn.Cli.Experiments;

/// <summary>Where a sweep is: which run of how many, its phase and epoch, elapsed times and the estimated time left,
/// for the progress display, the plain log and the Ctrl-C message. Fed by the runner's observer callbacks; the clock
/// is injectable so the estimates can be tested without timing anything.</summary>
/// <remarks>The estimate: a run already complete on disk (resume) counts as done and costs nothing; the runs trained
/// in this process so far give the mean time per run, and the current run's finished fraction (its phase, by steps;
/// a transfer run's Equi phase is half of it) counts towards the done work; steps trained before a resume do not count
/// towards the rate.</remarks>
public sealed class SweepProgress(IReadOnlyList<string> runs, Func<TimeSpan>? clock = null)
{
    private readonly Func<TimeSpan> _clock = clock ?? StopwatchClock();
    private readonly HashSet<string> _done = new();
    private TimeSpan _runStarted, _trainedTime;
    private int _trainedRuns;
    private bool _twoPhases;

    /// <summary>Run directory names of the sweep (this shard), in order.</summary>
    public IReadOnlyList<string> Runs { get; } = runs;

    /// <summary>Runs finished (including those found complete on disk).</summary>
    public int Done => _done.Count;

    /// <summary>The run being trained, or null.</summary>
    public string? Current { get; private set; }

    /// <summary>1-based position of <see cref="Current"/> in <see cref="Runs"/> (0 when none).</summary>
    public int CurrentNumber => Current is null ? 0 : Runs.ToList().IndexOf(Current) + 1;

    /// <summary>The current phase ("equivariant", "augmented", "training").</summary>
    public string? Phase { get; private set; }

    /// <summary>Epochs of the current phase.</summary>
    public int PhaseEpochs { get; private set; }

    /// <summary>Epochs of the current phase completed and checkpointed (what a resume starts after).</summary>
    public int CheckpointedEpoch { get; private set; }

    /// <summary>Steps of the current phase (all epochs) and steps done.</summary>
    public long PhaseSteps { get; private set; }

    /// <summary>Steps of the current phase done.</summary>
    public long PhaseStep { get; private set; }

    /// <summary>Time spent on the current run so far.</summary>
    public TimeSpan RunElapsed => Current is null ? TimeSpan.Zero : _clock() - _runStarted;

    /// <summary>Fraction of the current run done (0–1).</summary>
    public double RunFraction
    {
        get
        {
            if (Current is null || PhaseSteps == 0) return 0;
            double f = Math.Clamp((double)PhaseStep / PhaseSteps, 0, 1);
            return !_twoPhases ? f : Phase == "equivariant" ? f / 2 : 0.5 + f / 2;
        }
    }

    /// <summary>Estimated time left in the current run, or null before its first step in this process.</summary>
    public TimeSpan? RunRemaining
    {
        get
        {
            long stepsHere = PhaseStep - _phaseStepOffset;
            if (Current is null || stepsHere <= 0) return null;
            double perStep = (_clock() - _phaseStarted).TotalSeconds / stepsHere;
            double left = perStep * (PhaseSteps - PhaseStep);
            // A transfer run's Equi phase is followed by an Aug phase of about the same length.
            if (_twoPhases && Phase == "equivariant") left += perStep * PhaseSteps;
            return TimeSpan.FromSeconds(Math.Max(0, left));
        }
    }

    /// <summary>Estimated time left in the sweep, or null before the first step in this process.</summary>
    public TimeSpan? SweepRemaining
    {
        get
        {
            int left = Runs.Count - Done;
            if (left == 0) return TimeSpan.Zero;
            double? mean = _trainedRuns > 0 ? _trainedTime.TotalSeconds / _trainedRuns : null;
            if (Current is null) return mean is { } m ? TimeSpan.FromSeconds(m * left) : null;
            if (RunRemaining is not { } runLeft) return null;
            double perRun = mean ?? (RunElapsed + runLeft).TotalSeconds;
            return runLeft + TimeSpan.FromSeconds(perRun * (left - 1));
        }
    }

    private TimeSpan _phaseStarted;
    private long _phaseStepOffset;

    /// <summary>A phase starts or resumes.</summary>
    public void PhaseStarted(RunJob job, string phase, int epochs, int completedEpochs, long stepsPerEpoch, bool transfer)
    {
        if (Current != job.DirectoryName)
        {
            Current = job.DirectoryName;
            _runStarted = _clock();
            _twoPhases = transfer && phase == "equivariant";
        }
        _phaseStarted = _clock();
        Phase = phase;
        PhaseEpochs = epochs;
        CheckpointedEpoch = completedEpochs;
        PhaseSteps = Math.Max(1, epochs * stepsPerEpoch);
        PhaseStep = completedEpochs * stepsPerEpoch;
        // Steps done before this process started do not count towards the rate.
        _phaseStepOffset = PhaseStep;
    }

    /// <summary>A step was taken.</summary>
    public void Step() => PhaseStep++;

    /// <summary>An epoch was checkpointed.</summary>
    public void EpochCompleted(int epoch) => CheckpointedEpoch = epoch;

    /// <summary>A run finished (or was found complete on disk: then it was never <see cref="Current"/>).</summary>
    public void RunCompleted(RunJob job)
    {
        if (Current == job.DirectoryName)
        {
            _trainedRuns++;
            _trainedTime += RunElapsed;
            Current = null;
            Phase = null;
        }
        _done.Add(job.DirectoryName);
    }

    /// <summary>"run 3 of 12 (cross-seed1), 2 done, about 00:05:10 left in the sweep".</summary>
    public string SweepLine() =>
        $"run {Math.Min(Runs.Count, Current is null ? Done : CurrentNumber)} of {Runs.Count}" +
        (Current is null ? "" : $" ({Current})") + $", {Done} done" +
        (SweepRemaining is { } left ? $", about {Format(left)} left in the sweep" : "");

    /// <summary>"run 3 of 12 (cross-seed1), augmented phase, after epoch 2 of 5; 2 of 12 runs complete" — for the
    /// interruption message.</summary>
    public string WhereLine() =>
        Current is null
            ? $"{Done} of {Runs.Count} run(s) complete"
            : $"run {CurrentNumber} of {Runs.Count} ({Current}), {Phase} phase, " +
              (CheckpointedEpoch == 0 ? $"in epoch 1 of {PhaseEpochs} (nothing checkpointed in this phase yet)" : $"last checkpoint after epoch {CheckpointedEpoch} of {PhaseEpochs}") +
              $"; {Done} of {Runs.Count} run(s) complete";

    /// <summary>hh:mm:ss (days add to the hours).</summary>
    public static string Format(TimeSpan t) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}");

    private static Func<TimeSpan> StopwatchClock()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        return () => watch.Elapsed;
    }
}
