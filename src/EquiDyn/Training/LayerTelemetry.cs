using EquiDyn.Nn;
using static TorchSharp.torch;

namespace EquiDyn.Training;

/// <summary>Per-layer geometry of a network's current point: distance to E∩L, its relative size, distance travelled.</summary>
/// <remarks>
/// d_k = ‖A_k − Π_{E∩L}A_k‖_F (the correct norm; the authors' plots used squared distances, docs/paper-code.md B6), the total
/// d = (Σ_k d_k²)^{1/2}, the relative distance d_k/‖A_k‖, and ‖A_k − A_k⁰‖ from the initial point.
/// </remarks>
public static class LayerTelemetry
{
    /// <summary>‖A_k − Π_{E∩L}A_k‖ for every layer; exactly 0, without computing, for a layer parametrized in the
    /// basis of E∩L itself (an Equi model), whose weights lie in E∩L by construction.</summary>
    public static double[] DistancesToIntersection(StructuredNetwork network)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return network.Layers.Select(l =>
        {
            if (l.PinnedWeights is null && ReferenceEquals(l.Parametrization, l.Geometry.Intersection)) return 0.0;
            var a = l.WeightBlocks().to_type(ScalarType.Float64);
            return (a - l.Geometry.Intersection.Project(a)).norm().item<double>();
        }).ToArray();
    }

    /// <summary>‖A_k‖ for every layer.</summary>
    public static double[] Norms(StructuredNetwork network)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return network.Layers.Select(l => l.WeightBlocks().to_type(ScalarType.Float64).norm().item<double>()).ToArray();
    }

    /// <summary>A detached copy of every layer's weights, for measuring distance travelled.</summary>
    public static Tensor[] Snapshot(StructuredNetwork network)
    {
        using var _ = no_grad();
        return network.Layers.Select(l => l.WeightBlocks().to_type(ScalarType.Float64).detach().clone().DetachFromDisposeScope()).ToArray();
    }

    /// <summary>‖A_k − A_k⁰‖ for every layer.</summary>
    public static double[] DistancesFrom(StructuredNetwork network, IReadOnlyList<Tensor> initial)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return network.Layers.Select((l, k) => (l.WeightBlocks().to_type(ScalarType.Float64) - initial[k]).norm().item<double>()).ToArray();
    }

    /// <summary>(Σ_k x_k²)^{1/2}.</summary>
    public static double Total(IEnumerable<double> perLayer) => Math.Sqrt(perLayer.Sum(x => x * x));
}
