using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Checks;

/// <summary>The nominal risk R or the exactly augmented risk R_aug at a network's current point, with its gradient in
/// the ambient layer space H (not only its component in L).</summary>
public static class AmbientRisk
{
    /// <summary>
    /// R(A) = mean loss over the data, or R_aug(A) = mean over data × group (every orbit exactly) when
    /// <paramref name="exactOrbitsOf"/> is given; and ∇_A of it per layer, shape [C_out, C_in, D], in float64.
    /// </summary>
    public static (double Risk, Tensor[] Gradient) Evaluate(StructuredNetwork network, TensorDataset data, LossKind loss,
        DataGroupAction? exactOrbitsOf = null, int batchSize = 256)
    {
        var leaves = network.Layers.Select(l =>
            l.WeightBlocks().detach().to_type(ScalarType.Float64).clone().requires_grad_(true).DetachFromDisposeScope()).ToArray();
        double risk = 0;
        using (network.PinWeights(leaves))
        {
            for (long start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                long count = Math.Min(batchSize, data.Count - start);
                var x = data.Inputs.narrow(0, start, count).to_type(ScalarType.Float64);
                var y = data.Targets.narrow(0, start, count);
                if (exactOrbitsOf is not null) (x, y) = exactOrbitsOf.Orbit(x, y);
                var value = Losses.Compute(loss, network.call(x), y) * ((double)count / data.Count);
                value.backward();
                risk += value.item<double>();
            }
        }
        var gradient = leaves.Select(l => l.grad!.detach().clone().DetachFromDisposeScope()).ToArray();
        foreach (var leaf in leaves) leaf.Dispose();
        return (risk, gradient);
    }

    /// <summary>(Σ_k ‖X_k‖²)^{1/2} of a list of per-layer tensors.</summary>
    public static double Norm(IEnumerable<Tensor> perLayer) =>
        Math.Sqrt(perLayer.Sum(t => t.to_type(ScalarType.Float64).pow(2).sum().item<double>()));

    /// <summary>Applies a per-layer projection to a per-layer list.</summary>
    public static Tensor[] Map(StructuredNetwork network, IReadOnlyList<Tensor> perLayer, Func<BlockGeometry, BlockBasis> basis) =>
        network.Layers.Select((l, k) => basis(l.Geometry).Project(perLayer[k])).ToArray();
}
