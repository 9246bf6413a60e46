using static TorchSharp.torch;

namespace EquiDyn.Training;

/// <summary>A dataset held in memory as two tensors with a shared leading sample axis.</summary>
/// <param name="Inputs">Samples [N, …] (images [N, C, H, W], adjacency [N, 1, n²], …).</param>
/// <param name="Targets">Class labels [N] (int64) or target arrays [N, …] (float).</param>
public sealed record TensorDataset(Tensor Inputs, Tensor Targets)
{
    /// <summary>Number of samples N.</summary>
    public long Count => Inputs.shape[0];

    /// <summary>The samples at the given indices, in that order.</summary>
    public (Tensor Inputs, Tensor Targets) Batch(long[] indices)
    {
        var index = tensor(indices);
        return (Inputs.index_select(0, index), Targets.index_select(0, index));
    }
}
