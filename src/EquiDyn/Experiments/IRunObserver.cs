using EquiDyn.Training;

namespace EquiDyn.Experiments;

/// <summary>One row of a phase's <c>epochs.csv</c>.</summary>
/// <param name="Epoch">Epoch of the phase, from 1.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's steps (before each step).</param>
/// <param name="TrainAccuracy">Mean training accuracy over the epoch's steps.</param>
/// <param name="TestLoss">Test loss after the epoch (NaN when the phase's <c>evaluateEvery</c> skips this epoch).</param>
/// <param name="TestAccuracy">Test accuracy after the epoch (NaN likewise).</param>
/// <param name="Distance">Total distance to E∩L after the epoch.</param>
/// <param name="Steps">Steps in the epoch.</param>
/// <param name="Seconds">Training seconds of the epoch (excluding evaluation and checkpointing).</param>
public sealed record EpochRow(int Epoch, double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy,
    double Distance, long Steps, double Seconds);

/// <summary>Receives progress from <see cref="ExperimentRunner"/> (progress bars, log lines, tests).</summary>
public interface IRunObserver
{
    /// <summary>A free-form progress line.</summary>
    void Log(string message);

    /// <summary>A phase of a run starts (or resumes after <paramref name="completedEpochs"/> epochs).</summary>
    void PhaseStarted(RunJob job, string phase, int epochs, int completedEpochs, long stepsPerEpoch);

    /// <summary>A gradient step was taken.</summary>
    void StepCompleted(RunJob job, string phase, StepRecord record);

    /// <summary>An epoch finished and was checkpointed.</summary>
    void EpochCompleted(RunJob job, string phase, EpochRow row);

    /// <summary>A run finished and wrote its summary.</summary>
    void RunCompleted(RunJob job, string directory, RunSummary summary);
}

/// <summary>An observer that ignores everything.</summary>
public sealed class NullRunObserver : IRunObserver
{
    /// <summary>The shared instance.</summary>
    public static NullRunObserver Instance { get; } = new();

    /// <inheritdoc />
    public void Log(string message) { }

    /// <inheritdoc />
    public void PhaseStarted(RunJob job, string phase, int epochs, int completedEpochs, long stepsPerEpoch) { }

    /// <inheritdoc />
    public void StepCompleted(RunJob job, string phase, StepRecord record) { }

    /// <inheritdoc />
    public void EpochCompleted(RunJob job, string phase, EpochRow row) { }

    /// <inheritdoc />
    public void RunCompleted(RunJob job, string directory, RunSummary summary) { }
}
