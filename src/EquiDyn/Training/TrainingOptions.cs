namespace EquiDyn.Training;

/// <summary>Step size, update rule, batching and ordering of a training run.</summary>
/// <param name="LearningRate">Step size η (> 0); the peak of a <see cref="LearningRateSchedule.Cosine"/> schedule.</param>
/// <param name="BatchSize">Samples per minibatch (before augmentation).</param>
/// <param name="Protocol">Full-batch gradient descent (one step per epoch) or minibatch SGD.</param>
/// <param name="Shuffle">Whether the data order is reshuffled every epoch (the v1/v2 protocol does not shuffle).</param>
/// <param name="Seed">Seed of the data order and of sampled group elements.</param>
public sealed record TrainingOptions(double LearningRate, int BatchSize, Protocol Protocol, bool Shuffle, ulong Seed)
{
    /// <summary>The update rule (plain SGD unless set).</summary>
    public OptimizerSettings Optimizer { get; init; } = OptimizerSettings.Sgd;

    /// <summary>How η changes over the steps (constant unless set).</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Steps of the whole phase: the length of a <see cref="LearningRateSchedule.Cosine"/> schedule.</summary>
    public long TotalSteps { get; init; }

    /// <summary>The step size of step <paramref name="step"/> (counted from 0): η, or under the cosine schedule
    /// η·½(1 + cos(π·step/T)), which falls from η at the first step to 0 after the last.</summary>
    public double LearningRateAt(long step) => Schedule == LearningRateSchedule.Cosine
        ? LearningRate * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(step, TotalSteps) / TotalSteps))
        : LearningRate;

    /// <summary>Throws with a message naming the field when an option is out of range.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentException($"learning rate must be a positive number, got {LearningRate}");
        if (BatchSize <= 0) throw new ArgumentException($"batch size must be positive, got {BatchSize}");
        if (Schedule == LearningRateSchedule.Cosine && TotalSteps < 1)
            throw new ArgumentException($"a cosine schedule needs the phase's total steps (≥ 1), got {TotalSteps}");
        Optimizer.Validate();
    }
}

/// <summary>How the step size changes during a phase.</summary>
public enum LearningRateSchedule
{
    /// <summary>η at every step (the paper).</summary>
    Constant,
    /// <summary>Cosine decay from η to 0 over the phase (no restarts): lets a stochastic optimizer settle at a
    /// stationary point instead of hovering at the noise level of its step size.</summary>
    Cosine,
}
