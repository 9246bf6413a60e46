using System.Globalization;
using EquiDyn.Experiments;
using EquiDyn.Training;
using Spectre.Console;

namespace EquiDyn.Cli.Experiments;

/// <summary>Plain progress lines (one per epoch) for logs and non-terminals, on the given writer (stderr).</summary>
public sealed class LogObserver(TextWriter log) : IRunObserver
{
    public void Log(string message) => log.WriteLine(message);

    public void PhaseStarted(RunJob job, string phase, int epochs, int completedEpochs, long stepsPerEpoch) =>
        log.WriteLine($"{job.DirectoryName}: {phase} phase, {epochs} epoch(s) of {stepsPerEpoch} step(s)" +
                      (completedEpochs > 0 ? $", resuming after epoch {completedEpochs}" : ""));

    public void StepCompleted(RunJob job, string phase, StepRecord record) { }

    public void EpochCompleted(RunJob job, string phase, EpochRow r) =>
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{job.DirectoryName}: {phase} epoch {r.Epoch}: train loss {r.TrainLoss:0.0000} acc {100 * r.TrainAccuracy:0.0}%, " +
            $"test loss {r.TestLoss:0.0000} acc {100 * r.TestAccuracy:0.0}%, distance to E∩L {r.Distance:0.00e+00}, {r.Seconds:0.0} s"));

    public void RunCompleted(RunJob job, string directory, RunSummary s) =>
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{job.DirectoryName}: done: final distance {s.FinalDistance:0.00e+00}, test accuracy {100 * s.TestAccuracy:0.0}% ({directory})"));
}

/// <summary>Spectre.Console progress bars (one per run phase) on a terminal; epoch lines are still logged above them.</summary>
public sealed class BarsObserver(ProgressContext context) : IRunObserver
{
    private readonly Dictionary<(string, string), ProgressTask> _tasks = new();

    public void Log(string message) => AnsiConsole.MarkupLine(Markup.Escape(message));

    public void PhaseStarted(RunJob job, string phase, int epochs, int completedEpochs, long stepsPerEpoch)
    {
        var task = context.AddTask(Markup.Escape($"{job.DirectoryName} {phase}"), maxValue: Math.Max(1, epochs * stepsPerEpoch));
        task.Value = completedEpochs * stepsPerEpoch;
        if (epochs == 0 || completedEpochs >= epochs) task.Value = task.MaxValue;
        _tasks[(job.DirectoryName, phase)] = task;
    }

    public void StepCompleted(RunJob job, string phase, StepRecord record)
    {
        if (_tasks.TryGetValue((job.DirectoryName, phase), out var task)) task.Increment(1);
    }

    public void EpochCompleted(RunJob job, string phase, EpochRow r) =>
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{job.DirectoryName}: {phase} epoch {r.Epoch}: test acc {100 * r.TestAccuracy:0.0}%, distance {r.Distance:0.00e+00}, {r.Seconds:0.0} s")));

    public void RunCompleted(RunJob job, string directory, RunSummary s) { }
}
