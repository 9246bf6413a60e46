using EquiDyn.Training;

namespace EquiDyn.Experiments;

/// <summary>A run's training diverged (a non-finite loss, detected before the step). Its checkpoint still holds the
/// last good state (the end of the last completed epoch), so the run can be resumed with a changed spec.</summary>
public sealed class RunDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RunDivergedException(RunJob job, string phase, string checkpoint, int checkpointEpoch, TrainingDivergedException inner)
        : base($"arm '{job.Arm.Name}' seed {job.Seed}, {phase} phase: {inner.Message}. " +
               $"The last good checkpoint is kept: {checkpoint} (epoch {checkpointEpoch})", inner)
    {
        Checkpoint = checkpoint;
        CheckpointEpoch = checkpointEpoch;
    }

    /// <summary>The checkpoint file holding the last good state.</summary>
    public string Checkpoint { get; }

    /// <summary>The epoch that checkpoint ends.</summary>
    public int CheckpointEpoch { get; }
}

/// <summary>The runner stopped on request after a number of epochs (<see cref="ExperimentRunner.StopAfterEpochs"/>):
/// a simulated interruption, resumable like a killed run.</summary>
public sealed class RunStoppedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RunStoppedException(int epochs) : base($"stopped after {epochs} epoch(s) as requested; resume with --resume") { }
}
