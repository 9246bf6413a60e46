using EquiDyn.Nn;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EquiDyn.Ensembles;

/// <summary>
/// M copies of the C4 CNN of <see cref="ConvNet"/> (one architecture, one parametrization, each member its own
/// coefficients) evaluated as one network: every convolution is one grouped convolution with groups = M, whose
/// kernels are the members' kernels A_m = Mθ_m stacked along the output channels, and the head is one batched matrix
/// product. Member m reads input channel m and owns output channels m·C … (m+1)·C − 1 of every convolution, so the
/// members never mix: the forward pass is M independent forward passes, and the sum of the members' losses has, with
/// respect to θ_m, member m's own gradient.
/// </summary>
/// <remarks>
/// Why by hand: TorchSharp has no vectorising map over modules (no <c>torch.func.vmap</c>/<c>stack_module_state</c>), and
/// the ensembles of docs/experiments/ensemble.md are many small networks, where M separate forward and backward passes
/// pay libtorch's per-operation cost M times. The stages repeat <see cref="ConvNet.Build"/>'s (conv → AvgPool(2) → tanh →
/// LayerNorm twice; conv → tanh → LayerNorm; head): LayerNorm over the spatial axes and pooling act per channel, so they
/// need no change to act per member. EnsembleTests pins the outputs, gradients and trained weights to M separate
/// networks in float64.
/// </remarks>
public sealed class BatchedConvNet : IDisposable
{
    private readonly Parameter[] _coefficients;
    private readonly StructuredLayer[] _template;
    private readonly int _imageSize;

    /// <summary>Stacks the coefficients of <paramref name="members"/> (networks of <see cref="ConvNet.Build"/> with the
    /// same parametrization: three 3×3 convolutions and a head from the (n/4)² grid); the members are not changed.</summary>
    /// <exception cref="ArgumentException">No member, a member of another architecture, or members whose
    /// parametrizations differ.</exception>
    public BatchedConvNet(IReadOnlyList<StructuredNetwork> members)
    {
        if (members.Count == 0) throw new ArgumentException("an ensemble has at least one member", nameof(members));
        _template = members[0].Layers.ToArray();
        if (_template.Length != 4 || _template.Take(3).Any(l => l is not MaskedConv2d { Side: 3 }) || _template[3] is not SiteLinear { OutSites: 1 } head)
            throw new ArgumentException("a batched ensemble holds C4 CNNs of ConvNet.Build: three 3×3 convolutions and an invariant head", nameof(members));
        _imageSize = 4 * (int)Math.Round(Math.Sqrt(head.InSites));
        Tensor[] stacked;
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            foreach (var member in members.Skip(1))
            {
                if (member.Layers.Count != 4)
                    throw new ArgumentException("every member must have the first member's architecture", nameof(members));
                for (int k = 0; k < 4; k++)
                {
                    var (mine, first) = (member.Layers[k], _template[k]);
                    if (mine.GetType() != first.GetType() || mine.InChannels != first.InChannels || mine.OutChannels != first.OutChannels
                        || !SameBasis(mine.Parametrization, first.Parametrization, mine.Coefficients.dtype))
                        throw new ArgumentException($"member layer {k} differs from the first member's (shape or parametrization): a batched ensemble shares one architecture", nameof(members));
                }
            }
            stacked = Enumerable.Range(0, 4).Select(k => stack(members.Select(m => m.Layers[k].Coefficients.detach()).ToArray()).DetachFromDisposeScope()).ToArray();
        }
        _coefficients = stacked.Select(t =>
        {
            var p = new Parameter(t); // takes over t's storage
            p.DetachFromDisposeScope(); // owned by this object (Dispose)
            return p;
        }).ToArray();
        Members = members.Count;
    }

    /// <summary>Members M.</summary>
    public int Members { get; }

    /// <summary>Input side n.</summary>
    public int ImageSize => _imageSize;

    /// <summary>Every layer's stacked coefficients θ, shape [M, C_out, C_in, p] (member m at index m).</summary>
    public IReadOnlyList<Parameter> Coefficients => _coefficients;

    /// <summary>Every member's outputs: <paramref name="input"/> [B, M, n, n] (member m's images in channel m) or [B, 1, n,
    /// n] (the same images for every member) ↦ [M, B, classes], differentiable in the coefficients.</summary>
    /// <remarks>Shared images go through the first convolution as one ordinary convolution with all M·C_1 kernels (the
    /// grouped one would compute the same with M copies of the input).</remarks>
    public Tensor Forward(Tensor input)
    {
        long b = input.shape[0];
        if (input.dim() != 4 || (input.shape[1] != Members && input.shape[1] != 1) || input.shape[2] != _imageSize || input.shape[3] != _imageSize)
            throw new ArgumentException($"expected [b, {Members}, {_imageSize}, {_imageSize}] (one channel per member) or [b, 1, {_imageSize}, {_imageSize}] (shared), got [{string.Join(", ", input.shape)}]", nameof(input));
        var h = input;
        for (int k = 0; k < 3; k++)
        {
            var layer = _template[k];
            var kernels = layer.Parametrization.Synthesize(_coefficients[k]).reshape(Members * layer.OutChannels, layer.InChannels, 3, 3);
            h = nn.functional.conv2d(h, kernels, padding: new long[] { 1, 1 }, groups: h.shape[1] == Members * layer.InChannels ? Members : 1);
            if (k < 2) h = AveragePool2x2.Apply(h);
            h = h.tanh();
            h = nn.functional.layer_norm(h, new[] { h.shape[2], h.shape[3] }); // ε = 1e-5, as ConvNet's nn.LayerNorm
        }
        var last = _template[3];
        long features = (long)last.InChannels * ((SiteLinear)last).InSites;
        var x = h.reshape(b, Members, features).transpose(0, 1); // [M, B, C_in·S]: the head's input of every member
        // Head blocks [M, classes, C_in, S] (S_out = 1): as a matrix [classes, C_in·S], as SiteLinear multiplies.
        var w = last.Parametrization.Synthesize(_coefficients[3]).reshape(Members, last.OutChannels, features);
        return x.bmm(w.transpose(1, 2));
    }

    /// <summary>Member <paramref name="member"/>'s weight blocks A_k = Mθ_k of every layer, [C_out, C_in, D] each.</summary>
    public Tensor[] WeightBlocks(int member) =>
        _template.Select((l, k) => l.Parametrization.Synthesize(_coefficients[k][member])).ToArray();

    /// <summary>Every member's relative distance ‖A − Π_{E∩L}A‖/‖A‖ to E∩L (over all layers, in float64).</summary>
    public double[] DistancesToIntersection()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var distance = zeros(Members, dtype: ScalarType.Float64);
        var norm = zeros(Members, dtype: ScalarType.Float64);
        for (int k = 0; k < 4; k++)
        {
            var a = _template[k].Parametrization.Synthesize(_coefficients[k]).to_type(ScalarType.Float64);
            var off = a - _template[k].Geometry.Intersection.Project(a);
            distance += off.pow(2).reshape(Members, -1).sum(1);
            norm += a.pow(2).reshape(Members, -1).sum(1);
        }
        var d = distance.sqrt().data<double>().ToArray();
        var n = norm.sqrt().data<double>().ToArray();
        return d.Zip(n, (x, y) => y > 0 ? x / y : 0).ToArray();
    }

    /// <summary>Loads member <paramref name="member"/>'s coefficients into <paramref name="network"/> (a network of the
    /// members' architecture).</summary>
    public void CopyTo(int member, StructuredNetwork network)
    {
        for (int k = 0; k < 4; k++) network.Layers[k].LoadCoefficients(_coefficients[k][member]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var c in _coefficients) c.Dispose();
    }

    /// <summary>Whether two parametrizations synthesise the same blocks (to the bit) from every coefficient vector.</summary>
    private static bool SameBasis(BlockBasis a, BlockBasis b, ScalarType dtype)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count || a.BlockDimension != b.BlockDimension) return false;
        var identity = eye(a.Count, dtype: dtype);
        return a.Synthesize(identity).eq(b.Synthesize(identity)).all().item<bool>();
    }
}
