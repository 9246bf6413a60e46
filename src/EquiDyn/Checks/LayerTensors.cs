using EquiDyn.Nn;
using static TorchSharp.torch;

namespace EquiDyn.Checks;

/// <summary>Norms and projections of per-layer lists of tensors (gradients in H, weights), as the checks compare them.</summary>
public static class LayerTensors
{
    /// <summary>(Σ_k ‖X_k‖²)^{1/2} of a list of per-layer tensors, in float64.</summary>
    public static double Norm(IEnumerable<Tensor> perLayer) =>
        Math.Sqrt(perLayer.Sum(t => t.to_type(ScalarType.Float64).pow(2).sum().item<double>()));

    /// <summary>Applies a per-layer projection (Π_E, Π_L, Π_{E∩L} of each layer's geometry) to a per-layer list.</summary>
    public static Tensor[] Project(StructuredNetwork network, IReadOnlyList<Tensor> perLayer, Func<BlockGeometry, BlockBasis> basis) =>
        network.Layers.Select((l, k) => basis(l.Geometry).Project(perLayer[k])).ToArray();
}
