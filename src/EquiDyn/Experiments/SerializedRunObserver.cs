using EquiDyn.Engine;
using EquiDyn.Training;

namespace EquiDyn.Experiments;

/// <summary>The runner's view of its observer: callbacks from the runs' threads (several when runs train at once) reach
/// the wrapped observer one at a time (progress displays and TensorBoard writers keep plain state), and once the sweep
/// has failed in one run, every other run stops at its next callback.</summary>
/// <remarks>A callback costs one uncontended lock per training step, nothing next to the step itself.</remarks>
internal sealed class SerializedRunObserver(IRunObserver inner) : IRunObserver
{
    private readonly object _gate = new();
    private int _aborted;

    /// <summary>Whether the sweep has failed (in any run).</summary>
    public bool Aborted => Volatile.Read(ref _aborted) == 1;

    /// <summary>Marks the sweep failed; true for the first caller only (whose exception the sweep reports).</summary>
    public bool Abort() => Interlocked.Exchange(ref _aborted, 1) == 0;

    public void Log(string message) => Call(() => inner.Log(message));

    public void PhaseStarted(RunJob job, string phase, int epochs, int completedEpochs, long stepsPerEpoch) =>
        Call(() => inner.PhaseStarted(job, phase, epochs, completedEpochs, stepsPerEpoch));

    public void StepCompleted(RunJob job, string phase, StepRecord record) => Call(() => inner.StepCompleted(job, phase, record));

    public void EpochCompleted(RunJob job, string phase, EpochRow row) => Call(() => inner.EpochCompleted(job, phase, row));

    public void RunCompleted(RunJob job, string directory, RunSummary summary) => Call(() => inner.RunCompleted(job, directory, summary));

    private void Call(Action callback)
    {
        if (Aborted) throw new SweepAbortedException();
        // Every callback comes between two libtorch calls of its run: a safe point for held-back finalizers
        // (FinalizerGate), taken before the lock so that a thread waiting there does not hold up the others' callbacks.
        FinalizerGate.SafePoint();
        lock (_gate) callback();
    }
}

/// <summary>Stops a run because another run of the same sweep failed; the sweep reports that run's exception.</summary>
internal sealed class SweepAbortedException() : OperationCanceledException("another run of the sweep failed");
