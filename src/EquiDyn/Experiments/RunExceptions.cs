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

/// <summary>A run or sweep directory is damaged (a missing or unreadable checkpoint, a folder where a file belongs,
/// CSV files that disagree with the checkpoint, …). Nothing was changed; the message names what is damaged and how to
/// recover (docs/runs.md, "Recovering a damaged run").</summary>
public sealed class RunDirectoryException : IOException
{
    /// <summary>Creates the exception: "<paramref name="path"/>: <paramref name="problem"/>; <paramref name="recovery"/>".</summary>
    public RunDirectoryException(string path, string problem, string recovery)
        : base($"{path}: {problem}; {recovery}")
    {
        Path = path;
    }

    /// <summary>The damaged file or folder.</summary>
    public string Path { get; }

    /// <summary>The usual recovery of a damaged run directory: move it aside and let --resume retrain that run.</summary>
    public static string MoveAside(string runDirectory) =>
        $"nothing was changed. To retrain this run, move its folder out of the sweep (mv '{runDirectory}' '{System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(runDirectory))}-{System.IO.Path.GetFileName(runDirectory)}.damaged') and resume the sweep with equidyn run --resume (see docs/runs.md, Recovering a damaged run)";
}

/// <summary>Another process is writing the sweep directory (it holds <see cref="SweepLock"/>).</summary>
public sealed class SweepLockedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public SweepLockedException(string message) : base(message) { }
}
