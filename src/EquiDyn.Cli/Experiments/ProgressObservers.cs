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
        log.WriteLine($"{Prefix(job)} {job.DirectoryName}: {phase} phase, {epochs} epoch(s) of {stepsPerEpoch} step(s)" +
                      (completedEpochs > 0 ? $", resuming after epoch {completedEpochs}" : ""));
    }

    public void StepCompleted(RunJob job, string phase, StepRecord record) => progress.Step(job);

    public void EpochCompleted(RunJob job, string phase, EpochRow r)
    {
        progress.EpochCompleted(job, r.Epoch);
        // A phase with evaluateEvery > 1 has no test numbers after most epochs.
        string test = double.IsNaN(r.TestLoss) ? "" : string.Create(CultureInfo.InvariantCulture, $"test loss {r.TestLoss:0.0000} acc {100 * r.TestAccuracy:0.0}%, ");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Prefix(job)} {job.DirectoryName}: {phase} epoch {r.Epoch}/{progress.PhaseEpochs(job.DirectoryName)}: train loss {r.TrainLoss:0.0000} acc {100 * r.TrainAccuracy:0.0}%, " +
            $"{test}distance to E∩L {r.Distance:0.00e+00}, {r.Seconds:0.0} s"));
    }

    public void RunCompleted(RunJob job, string directory, RunSummary s)
    {
        progress.RunCompleted(job);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{job.DirectoryName}: done: final distance {s.FinalDistance:0.00e+00}, test accuracy {100 * s.TestAccuracy:0.0}% ({directory})"));
        log.WriteLine($"sweep: {progress.SweepLine()}");
    }

    private string Prefix(RunJob job) => $"[{progress.Number(job.DirectoryName)}/{progress.Runs.Count}]";
}

/// <summary>Spectre.Console progress bars on a terminal: the sweep (runs done of the total, time left in the sweep)
/// and one bar per training run (its phase, elapsed time and time left; several when runs train at once). A finished
/// run leaves one line with its time and result above the bars, and its bar waits for the next run, so nothing piles
/// up.</summary>
public sealed class BarsObserver : IRunObserver
{
    private readonly ProgressContext _context;
    private readonly SweepProgress _progress;
    private readonly bool _transfer;
    private readonly ProgressTask _sweep;
    private readonly Dictionary<string, ProgressTask> _runBars = new();
    private readonly List<ProgressTask> _idleBars = new();

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
        if (!_runBars.TryGetValue(job.DirectoryName, out var bar))
        {
            bar = _idleBars.Count > 0 ? _idleBars[^1] : _context.AddTask("run", maxValue: 1);
            _idleBars.Remove(bar);
            _runBars[job.DirectoryName] = bar;
        }
        bar.State.Update<int>(TimesColumn.Role, _ => TimesColumn.Run);
        bar.State.Update<int>(TimesColumn.RunNumber, _ => _progress.Number(job.DirectoryName));
        bar.Description = Markup.Escape($"{job.DirectoryName} {phase}");
        var (done, total) = _progress.PhaseSteps(job.DirectoryName);
        bar.MaxValue = total;
        bar.Value = done;
        Refresh();
    }

    public void StepCompleted(RunJob job, string phase, StepRecord record)
    {
        _progress.Step(job);
        if (_runBars.TryGetValue(job.DirectoryName, out var bar)) bar.Value = _progress.PhaseSteps(job.DirectoryName).Done;
        _sweep.Value = _progress.Done + _progress.TrainingFraction;
    }

    public void EpochCompleted(RunJob job, string phase, EpochRow r)
    {
        _progress.EpochCompleted(job, r.Epoch);
        string accuracy = double.IsNaN(r.TestAccuracy) // not evaluated after this epoch (evaluateEvery)
            ? string.Create(CultureInfo.InvariantCulture, $"train acc {100 * r.TrainAccuracy:0.0}%")
            : string.Create(CultureInfo.InvariantCulture, $"test acc {100 * r.TestAccuracy:0.0}%");
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{job.DirectoryName}: {phase} epoch {r.Epoch}/{_progress.PhaseEpochs(job.DirectoryName)}: {accuracy}, distance {r.Distance:0.00e+00}, {r.Seconds:0.0} s")));
    }

    public void RunCompleted(RunJob job, string directory, RunSummary s)
    {
        if (_progress.RunCompleted(job) is { } took)
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{job.DirectoryName}: done in {SweepProgress.Format(took)}: final distance {s.FinalDistance:0.00e+00}, test accuracy {100 * s.TestAccuracy:0.0}%")));
        if (_runBars.Remove(job.DirectoryName, out var bar))
        {
            bar.Description = "waiting for the next run";
            bar.State.Update<int>(TimesColumn.RunNumber, _ => 0);
            bar.Value = 0;
            _idleBars.Add(bar);
        }
        Refresh();
    }

    private void Refresh()
    {
        _sweep.Description = SweepDescription();
        _sweep.Value = _progress.Done + _progress.TrainingFraction;
        if (_progress.Done == _progress.Runs.Count)
        {
            _sweep.Value = _sweep.MaxValue;
            _sweep.StopTask();
            foreach (var bar in _runBars.Values.Concat(_idleBars)) bar.StopTask();
        }
    }

    private string SweepDescription() =>
        Markup.Escape($"sweep: {_progress.Done}/{_progress.Runs.Count} runs done");

    /// <summary>Elapsed time and time left, from <see cref="SweepProgress"/> (Spectre's own columns keep counting a
    /// finished task's time and estimate one task only).</summary>
    public sealed class TimesColumn(SweepProgress progress) : ProgressColumn
    {
        internal const string Role = "equidyn.role", RunNumber = "equidyn.run";
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
            int number = task.State.Get<int>(RunNumber);
            if (role == Run && number > 0 && progress.Phase(progress.Runs[number - 1]) is not null)
            {
                string run = progress.Runs[number - 1];
                return new Text($"{SweepProgress.Format(progress.RunElapsed(run))}  " +
                                $"{(progress.RunRemaining(run) is { } r ? $"~{SweepProgress.Format(r)} left" : "estimating…")}");
            }
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
