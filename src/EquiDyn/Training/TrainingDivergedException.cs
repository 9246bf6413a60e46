namespace EquiDyn.Training;

/// <summary>The loss became NaN or infinite: training stopped so that the last good checkpoint is kept.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for the step at which the loss stopped being finite.</summary>
    public TrainingDivergedException(long step, int epoch, double loss)
        : base($"training diverged at step {step} (epoch {epoch}): loss is {loss}; lower the learning rate")
    {
        Step = step;
        Epoch = epoch;
    }

    /// <summary>Creates the exception for a step that cannot be taken finitely (<paramref name="reason"/>).</summary>
    public TrainingDivergedException(long step, int epoch, string reason)
        : base($"training diverged at step {step} (epoch {epoch}): {reason}; lower the learning rate")
    {
        Step = step;
        Epoch = epoch;
    }

    /// <summary>The step whose loss was not finite.</summary>
    public long Step { get; }

    /// <summary>The epoch of that step.</summary>
    public int Epoch { get; }
}
