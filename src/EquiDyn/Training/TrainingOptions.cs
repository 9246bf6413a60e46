namespace EquiDyn.Training;

/// <summary>Step size, batching and ordering of a training run.</summary>
/// <param name="LearningRate">Step size η (> 0).</param>
/// <param name="BatchSize">Samples per minibatch (before augmentation).</param>
/// <param name="Protocol">Full-batch gradient descent (one step per epoch) or minibatch SGD.</param>
/// <param name="Shuffle">Whether the data order is reshuffled every epoch (the v1/v2 protocol does not shuffle).</param>
/// <param name="Seed">Seed of the data order and of sampled group elements.</param>
public sealed record TrainingOptions(double LearningRate, int BatchSize, Protocol Protocol, bool Shuffle, ulong Seed)
{
    /// <summary>Throws with a message naming the field when an option is out of range.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentException($"learning rate must be a positive number, got {LearningRate}");
        if (BatchSize <= 0) throw new ArgumentException($"batch size must be positive, got {BatchSize}");
    }
}
