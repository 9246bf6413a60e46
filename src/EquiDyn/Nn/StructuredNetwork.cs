using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// Φ_A(x) = σ_{L−1}(A_{L−1} … σ_0(A_0 x)): a sequence of stages in which the linear maps are
/// <see cref="StructuredLayer"/>s and everything else is a fixed G-equivariant map (point-wise non-linearities,
/// LayerNorm without affine parameters, average pooling, reshapes).
/// </summary>
/// <remarks>
/// The only trainable parameters are the layers' coefficients θ, so the model's point in parameter space is
/// A = (A_0, …, A_{L−1}) ∈ L (or E∩L for an equivariant model) and nothing else.
/// </remarks>
public sealed class StructuredNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Sequential stages;
    private readonly List<StructuredLayer> _layers;

    /// <summary>Creates the network from its stages, in order.</summary>
    public StructuredNetwork(string name, IEnumerable<nn.Module<Tensor, Tensor>> stages) : base(name)
    {
        var list = stages.ToList();
        this.stages = nn.Sequential(list.Select((m, i) => ($"{i}_{m.GetName()}", m)).ToArray());
        _layers = list.OfType<StructuredLayer>().ToList();
        RegisterComponents();
    }

    /// <summary>The linear layers A_0 … A_{L−1}, in order.</summary>
    public IReadOnlyList<StructuredLayer> Layers => _layers;

    /// <summary>Every layer's coefficients θ, in layer order.</summary>
    public IReadOnlyList<Parameter> Coefficients => _layers.Select(l => l.Coefficients).ToList();

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => stages.call(input);

    /// <summary>
    /// Makes every layer compute with the given blocks A_k ∈ H (e.g. leaves with requires_grad, to get the ambient
    /// gradient ∇_A R rather than the θ-gradient M*∇_A R) until the returned handle is disposed.
    /// </summary>
    public IDisposable PinWeights(IReadOnlyList<Tensor> blocks)
    {
        if (blocks.Count != _layers.Count)
            throw new ArgumentException($"expected {_layers.Count} weight tensors, got {blocks.Count}");
        for (int k = 0; k < _layers.Count; k++) _layers[k].PinnedWeights = blocks[k];
        return new Unpin(_layers);
    }

    private sealed class Unpin(List<StructuredLayer> layers) : IDisposable
    {
        public void Dispose()
        {
            foreach (var layer in layers) layer.PinnedWeights = null;
        }
    }

    /// <summary>
    /// Freezes every layer's operator for one gradient step made of several backward passes (full-batch GD over
    /// minibatches, augmentation passes): A = Mθ is synthesised once instead of per minibatch, the passes accumulate
    /// ∂R/∂A, and <see cref="Step.Complete"/> pushes the sum through M* once (chain rule, linear in the gradient, so
    /// the θ-gradient is the same sum as per-minibatch backpropagation up to the order of float additions).
    /// </summary>
    /// <remarks>θ must not change until the step is completed or disposed (disposing without completing drops the
    /// accumulated gradient).</remarks>
    public Step BeginStep()
    {
        foreach (var layer in _layers) layer.FreezeOperator();
        return new Step(_layers);
    }

    /// <summary>A step begun by <see cref="BeginStep"/>.</summary>
    public sealed class Step : IDisposable
    {
        private readonly List<StructuredLayer> _frozen;

        internal Step(List<StructuredLayer> layers) => _frozen = layers;

        /// <summary>Adds the accumulated gradient to every θ.grad and unfreezes the layers.</summary>
        public void Complete()
        {
            foreach (var layer in _frozen) layer.ReleaseOperator(pushGradient: true);
        }

        /// <summary>Unfreezes the layers (dropping any gradient not yet completed).</summary>
        public void Dispose()
        {
            foreach (var layer in _frozen) layer.ReleaseOperator(pushGradient: false);
        }
    }

    /// <summary>Copies every layer's weights A from <paramref name="source"/> (same architecture, any parametrization):
    /// exact for unitary targets whose span contains A, least squares otherwise.</summary>
    public void LoadWeightsFrom(StructuredNetwork source)
    {
        if (source.Layers.Count != Layers.Count)
            throw new ArgumentException($"cannot load weights from a network with {source.Layers.Count} layers into one with {Layers.Count}");
        using var _ = no_grad();
        for (int k = 0; k < Layers.Count; k++)
            Layers[k].LoadWeightBlocks(source.Layers[k].WeightBlocks());
    }
}
