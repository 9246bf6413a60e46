using System.Globalization;
using EquiDyn.Experiments;
using EquiDyn.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EquiDyn.Cli.Experiments;

/// <summary>Plain progress lines for logs and non-terminals, on the given writer (stderr): one per phase start and
/// epoch, prefixed with the run's position in the sweep, and after every run where the sweep stands and its time left.</summary>
public sealed class LogObserver(TextWriter log, SweepProgress progress, bool transfer) : IRunObserver
{
    public void Log(string message) => log.WriteLine(message);

    public void PhaseStarted(RunJob job, string phase, int epochs, int completedEpochs, long stepsPerEpoch)
    {
        progress.PhaseStarted(job, phase, epochs, completedEpochs, stepsPerEpoch, transfer);
        log.WriteLine($"[{progress.CurrentNumber}/{progress.Runs.Count}] {job.DirectoryName}: {phase} phase, {epochs} epoch(s) of {stepsPerEpoch} step(s)" +
                      (completedEpochs > 0 ? $", resuming after epoch {completedEpochs}" : ""));
    }

    public void StepCompleted(RunJob job, string phase, StepRecord record) => progress.Step();

    public void EpochCompleted(RunJob job, string phase, EpochRow r)
    {
        progress.EpochCompleted(r.Epoch);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{progress.CurrentNumber}/{progress.Runs.Count}] {job.DirectoryName}: {phase} epoch {r.Epoch}/{progress.PhaseEpochs}: train loss {r.TrainLoss:0.0000} acc {100 * r.TrainAccuracy:0.0}%, " +
            $"test loss {r.TestLoss:0.0000} acc {100 * r.TestAccuracy:0.0}%, distance to E∩L {r.Distance:0.00e+00}, {r.Seconds:0.0} s"));
    }

    public void RunCompleted(RunJob job, string directory, RunSummary s)
    {
        progress.RunCompleted(job);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{job.DirectoryName}: done: final distance {s.FinalDistance:0.00e+00}, test accuracy {100 * s.TestAccuracy:0.0}% ({directory})"));
        log.WriteLine($"sweep: {progress.Done} of {progress.Runs.Count} run(s) done" +
                      (progress.SweepRemaining is { } left && progress.Done < progress.Runs.Count ? $", about {SweepProgress.Format(left)} left" : ""));
    }
}

/// <summary>Two Spectre.Console progress bars on a terminal: the sweep (runs done of the total, time left in the
/// sweep) and the current run's phase (its elapsed time and time left). A finished run leaves one line with its
/// frozen time and result above the bars instead of another bar, so nothing piles up.</summary>
public sealed class BarsObserver : IRunObserver
{
    private readonly ProgressContext _context;
    private readonly SweepProgress _progress;
    private readonly bool _transfer;
    private readonly ProgressTask _sweep;
    private ProgressTask? _run;

    public BarsObserver(ProgressContext context, SweepProgress progress, bool transfer)
    {
        _context = context;
        _progress = progress;
        _transfer = transfer;
        _sweep = context.AddTask(SweepDescription(), maxValue: Math.Max(1, progress.Runs.Count));
        _sweep.State.Update<int>(TimesColumn.Role, _ => TimesColumn.Sweep);
    }

    public void Log(string message) => AnsiConsole.MarkupLine(Markup.Escape(message));

    public void PhaseStarted(RunJob job, string phase, int epochs, int completedEpochs, long stepsPerEpoch)
    {
        _progress.PhaseStarted(job, phase, epochs, completedEpochs, stepsPerEpoch, _transfer);
        _run ??= _context.AddTask("run", maxValue: 1);
        _run.State.Update<int>(TimesColumn.Role, _ => TimesColumn.Run);
        _run.Description = Markup.Escape($"{job.DirectoryName} {phase}");
        _run.MaxValue = _progress.PhaseSteps;
        _run.Value = _progress.PhaseStep;
        Refresh();
    }

    public void StepCompleted(RunJob job, string phase, StepRecord record)
    {
        _progress.Step();
        if (_run is not null) _run.Value = _progress.PhaseStep;
        _sweep.Value = _progress.Done + _progress.RunFraction;
    }

    public void EpochCompleted(RunJob job, string phase, EpochRow r)
    {
        _progress.EpochCompleted(r.Epoch);
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{job.DirectoryName}: {phase} epoch {r.Epoch}/{_progress.PhaseEpochs}: test acc {100 * r.TestAccuracy:0.0}%, distance {r.Distance:0.00e+00}, {r.Seconds:0.0} s")));
    }

    public void RunCompleted(RunJob job, string directory, RunSummary s)
    {
        bool trained = _progress.Current == job.DirectoryName;
        var took = _progress.RunElapsed;
        _progress.RunCompleted(job);
        if (trained)
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{job.DirectoryName}: done in {SweepProgress.Format(took)}: final distance {s.FinalDistance:0.00e+00}, test accuracy {100 * s.TestAccuracy:0.0}%")));
        if (_run is not null)
        {
            _run.Description = "waiting for the next run";
            _run.Value = 0;
        }
        Refresh();
    }

    private void Refresh()
    {
        _sweep.Description = SweepDescription();
        _sweep.Value = _progress.Done + _progress.RunFraction;
        if (_progress.Done == _progress.Runs.Count)
        {
            _sweep.Value = _sweep.MaxValue;
            _sweep.StopTask();
            _run?.StopTask();
        }
    }

    private string SweepDescription() =>
        Markup.Escape($"sweep: {_progress.Done}/{_progress.Runs.Count} runs done");

    /// <summary>Elapsed time and time left, from <see cref="SweepProgress"/> (Spectre's own columns keep counting a
    /// finished task's time and estimate one task only).</summary>
    public sealed class TimesColumn(SweepProgress progress) : ProgressColumn
    {
        internal const string Role = "equidyn.role";
        internal const int Sweep = 1, Run = 2;
        private readonly System.Diagnostics.Stopwatch _sweepClock = System.Diagnostics.Stopwatch.StartNew();
        private TimeSpan? _sweepFrozen;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            int role = task.State.Get<int>(Role);
            if (role == Sweep)
            {
                if (progress.Done == progress.Runs.Count) _sweepFrozen ??= _sweepClock.Elapsed;
                var elapsed = _sweepFrozen ?? _sweepClock.Elapsed;
                var left = _sweepFrozen is not null ? TimeSpan.Zero : progress.SweepRemaining;
                return new Text($"{SweepProgress.Format(elapsed)}  {(left is { } l ? $"~{SweepProgress.Format(l)} left" : "estimating…")}");
            }
            if (role == Run && progress.Current is not null)
                return new Text($"{SweepProgress.Format(progress.RunElapsed)}  " +
                                $"{(progress.RunRemaining is { } r ? $"~{SweepProgress.Format(r)} left" : "estimating…")}");
            return new Text("");
        }
    }
}

/// <summary>Several observers as one (progress display, TensorBoard, interruption), called in order.</summary>
public sealed class ObserverChain(params IRunObserver[] observers) : IRunObserver
{
    public void Log(string message) { foreach (var o in observers) o.Log(message); }

    public void PhaseStarted(RunJob job, string phase, int epochs, int completedEpochs, long stepsPerEpoch)
    {
        foreach (var o in observers) o.PhaseStarted(job, phase, epochs, completedEpochs, stepsPerEpoch);
    }

    public void StepCompleted(RunJob job, string phase, StepRecord record) { foreach (var o in observers) o.StepCompleted(job, phase, record); }

    public void EpochCompleted(RunJob job, string phase, EpochRow row) { foreach (var o in observers) o.EpochCompleted(job, phase, row); }

    public void RunCompleted(RunJob job, string directory, RunSummary summary) { foreach (var o in observers) o.RunCompleted(job, directory, summary); }
}
