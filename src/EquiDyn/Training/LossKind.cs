using static TorchSharp.torch;

namespace EquiDyn.Training;

/// <summary>The G-invariant losses of the paper's experiments (docs/concepts.md, docs/experiments/).</summary>
public enum LossKind
{
    /// <summary>Mean squared error against one-hot labels, averaged over batch × classes (the main experiment).</summary>
    MseOneHot,
    /// <summary>Cross-entropy on raw scores (log-softmax applied once; the authors' double softmax, docs/paper-code.md B12, is not copied).</summary>
    CrossEntropy,
    /// <summary>Binary cross-entropy of probabilities against 0/1 targets of the same shape (graph connectivity,
    /// segmentation masks), averaged over all entries.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("bce")]
    BinaryCrossEntropy,
}

/// <summary>Loss values and accuracies for a <see cref="LossKind"/>.</summary>
public static class Losses
{
    /// <summary>The mean loss of a batch of outputs against targets.</summary>
    public static Tensor Compute(LossKind kind, Tensor outputs, Tensor targets) => kind switch
    {
        LossKind.MseOneHot => nn.functional.mse_loss(outputs,
            nn.functional.one_hot(targets, outputs.shape[^1]).to_type(outputs.dtype)),
        LossKind.CrossEntropy => nn.functional.cross_entropy(outputs, targets),
        LossKind.BinaryCrossEntropy => nn.functional.binary_cross_entropy(outputs, targets.to_type(outputs.dtype).reshape(outputs.shape)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Correct predictions in the batch (classes by arg-max; binary entries by thresholding at ½) and how many
    /// predictions were made.</summary>
    public static (long Correct, long Total) Accuracy(LossKind kind, Tensor outputs, Tensor targets)
    {
        using var scope = NewDisposeScope();
        if (kind == LossKind.BinaryCrossEntropy)
        {
            var predicted = outputs.gt(0.5);
            var truth = targets.reshape(outputs.shape).gt(0.5);
            return (predicted.eq(truth).sum().item<long>(), outputs.numel());
        }
        return (outputs.argmax(-1).eq(targets).sum().item<long>(), targets.shape[0]);
    }
}
