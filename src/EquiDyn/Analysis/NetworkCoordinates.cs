using EquiDyn.Nn;
using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>The flat float64 coordinates θ of a <see cref="StructuredNetwork"/> with unitary parametrizations: the
/// concatenation of every layer's coefficients, and the subspaces 𝓔∩𝓛 and 𝓛 ⊖ (𝓔∩𝓛) expressed in them.</summary>
/// <remarks>
/// <para>θ = (vec θ_0, …, vec θ_{L−1}), θ_k of shape [C_out, C_in, p_k] in row-major order, and A_k = M_kθ_k with
/// M_k = the layer's <see cref="StructuredLayer.Parametrization"/>. Every M_k must be an isometry onto 𝓛_k (orthonormal
/// basis, docs/concepts.md): then θ-space is 𝓛 with its Frobenius geometry, GD on θ is the projected flow, and an orthogonal
/// projector Π of H restricted to a subspace of 𝓛 reads M*ΠM in θ-coordinates (M*M = I, MM* = Π_𝓛).</para>
/// <para><see cref="ProjectIntersection"/> applies Π_{𝓔∩𝓛} = M*Π_{𝓔∩𝓛}M layer by layer with the layers' own orbit or dense
/// bases (gather/scatter for big dense layers), differentiably, never forming an n×n matrix. Its complement in θ-space is
/// 𝓛 ⊖ (𝓔∩𝓛): under compatibility that is 𝓔^⊥∩𝓛 (docs/concepts.md); for an incompatible support (skew) it is larger than
/// 𝓔^⊥∩𝓛 and contains directions that are neither in 𝓔 nor orthogonal to it.</para>
/// </remarks>
public sealed class NetworkCoordinates
{
    private readonly StructuredNetwork _network;
    private readonly long[] _offsets;
    private readonly long[][] _shapes;

    /// <summary>Reads the layout of <paramref name="network"/>'s coefficients.</summary>
    /// <exception cref="ArgumentException">A layer's parametrization is not orthonormal (the message names the layer).</exception>
    public NetworkCoordinates(StructuredNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Layers.Count == 0) throw new ArgumentException("The network has no structured layers.", nameof(network));
        foreach (var layer in network.Layers)
        {
            if (!layer.Parametrization.IsOrthonormal)
                throw new ArgumentException(
                    $"layer '{layer.GetName()}' has a non-unitary parametrization; the block analysis needs θ to be unitary coordinates of L " +
                    "(load its weights into a model with the unitary basis of the same L first).", nameof(network));
        }
        _network = network;
        _shapes = network.Layers.Select(l => l.Coefficients.shape.ToArray()).ToArray();
        _offsets = new long[_shapes.Length + 1];
        for (int k = 0; k < _shapes.Length; k++) _offsets[k + 1] = _offsets[k] + _shapes[k].Aggregate(1L, (a, b) => a * b);
        IntersectionRank = network.Layers.Sum(l => (long)l.OutChannels * l.InChannels * l.Geometry.Intersection.Count);
        IsCompatible = network.Layers.All(l => l.Geometry.IsCompatible);
    }

    /// <summary>The network.</summary>
    public StructuredNetwork Network => _network;

    /// <summary>n = dim θ = Σ_k C_out·C_in·p_k.</summary>
    public long Dimension => _offsets[^1];

    /// <summary>dim 𝓔∩𝓛 = Σ_k C_out·C_in·dim(𝓔∩𝓛 per block).</summary>
    public long IntersectionRank { get; }

    /// <summary>Whether every layer's support is compatible with 𝓔 (then 𝓛 ⊖ (𝓔∩𝓛) = 𝓔^⊥∩𝓛).</summary>
    public bool IsCompatible { get; }

    /// <summary>Layer names and their ranges [offset, offset + length) in θ.</summary>
    public IReadOnlyList<(string Layer, long Offset, long Length)> Ranges =>
        _network.Layers.Select((l, k) => (l.GetName(), _offsets[k], _offsets[k + 1] - _offsets[k])).ToList();

    /// <summary>The network's current θ as a new 1-D float64 tensor.</summary>
    public Tensor Flatten()
    {
        using var scope = NewDisposeScope();
        var parts = _network.Layers.Select(l => l.Coefficients.detach().to_type(ScalarType.Float64).reshape(-1)).ToArray();
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>Sets every layer's coefficients from θ (converted to the layer's dtype).</summary>
    public void Load(Tensor theta)
    {
        VectorChecks.RequireVector(theta, nameof(theta), Dimension);
        using var scope = NewDisposeScope();
        var parts = Split(theta);
        for (int k = 0; k < parts.Length; k++)
            _network.Layers[k].LoadCoefficients(parts[k].to_type(_network.Layers[k].Coefficients.dtype));
    }

    /// <summary>θ_k = the view of θ for each layer, shape [C_out, C_in, p_k] (differentiable).</summary>
    public Tensor[] Split(Tensor theta)
    {
        VectorChecks.RequireVector(theta, nameof(theta), Dimension);
        return _shapes.Select((s, k) => theta.narrow(0, _offsets[k], _offsets[k + 1] - _offsets[k]).reshape(s)).ToArray();
    }

    /// <summary>A_k = M_kθ_k for every layer, shape [C_out, C_in, D_k] (differentiable; pin them with
    /// <see cref="StructuredNetwork.PinWeights"/>).</summary>
    public Tensor[] Synthesize(Tensor theta)
    {
        var parts = Split(theta);
        return parts.Select((t, k) => _network.Layers[k].Parametrization.Synthesize(t)).ToArray();
    }

    /// <summary>Π_{𝓔∩𝓛}θ = (M_k*Π_{𝓔∩𝓛}M_kθ_k)_k, flattened (linear, self-adjoint, idempotent, differentiable).</summary>
    public Tensor ProjectIntersection(Tensor vector)
    {
        var parts = Split(vector);
        var projected = parts.Select((t, k) =>
        {
            var layer = _network.Layers[k];
            return layer.Parametrization.Analyze(layer.Geometry.Intersection.Project(layer.Parametrization.Synthesize(t))).reshape(-1);
        }).ToArray();
        return cat(projected, 0);
    }

    /// <summary>‖θ − Π_{𝓔∩𝓛}θ‖ per layer (the distance of each A_k to 𝓔∩𝓛, since M is an isometry).</summary>
    public double[] DistancesToIntersection(Tensor theta)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var offset = Split(theta - ProjectIntersection(theta));
        return offset.Select(t => linalg.vector_norm(t).item<double>()).ToArray();
    }

    /// <summary>𝓔∩𝓛 as a projector subspace of θ-space.</summary>
    public Subspace Intersection() => Subspace.FromProjector("E∩L", ProjectIntersection, Dimension, IntersectionRank);

    /// <summary>𝓛 ⊖ (𝓔∩𝓛), the orthogonal complement of 𝓔∩𝓛 in θ-space; named "E⊥∩L" when it is that (compatibility).</summary>
    public Subspace Complement() =>
        Subspace.FromProjector(IsCompatible ? "E⊥∩L" : "L⊖(E∩L)", v => v - ProjectIntersection(v), Dimension, Dimension - IntersectionRank);
}
