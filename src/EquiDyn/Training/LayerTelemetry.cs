using EquiDyn.Nn;
using static TorchSharp.torch;

namespace EquiDyn.Training;

/// <summary>Per-layer geometry of a network's current point: distance to E∩L, its relative size, distance travelled.</summary>
/// <remarks>
/// <para>d_k = ‖A_k − Π_{E∩L}A_k‖_F (the correct norm; the authors' plots used squared distances, docs/paper-code.md B6), the total
/// d = (Σ_k d_k²)^{1/2}, the relative distance d_k/‖A_k‖, and ‖A_k − A_k⁰‖ from the initial point.</para>
/// <para>Every quantity is computed in float64 over slices of at most <see cref="SliceEntries"/> entries (whole output
/// channels) and combined as ‖A‖ = (Σ_slices ‖A_slice‖²)^{1/2}: a layer of up to that size is one slice, computed exactly
/// as a single float64 norm; a larger one (the dense 39 M-entry layers) never has a float64 copy of all its weights,
/// and its norm differs from a single norm only by float64 rounding (relative ~1e-16).</para>
/// </remarks>
public static class LayerTelemetry
{
    /// <summary>The most entries converted to float64 at once (16 MB).</summary>
    public const long SliceEntries = StructuredLayer.SliceEntries;

    /// <summary>‖A_k − Π_{E∩L}A_k‖ for every layer; exactly 0, without computing, for a layer parametrized in the
    /// basis of E∩L itself (an Equi model), whose weights lie in E∩L by construction.</summary>
    public static double[] DistancesToIntersection(StructuredNetwork network)
    {
        using var _ = no_grad();
        return network.Layers.Select(l =>
        {
            if (l.PinnedWeights is null && ReferenceEquals(l.Parametrization, l.Geometry.Intersection)) return 0.0;
            return OverSlices(l, (c, n) =>
            {
                var a = l.WeightBlocks(c, n).to_type(ScalarType.Float64);
                return (a - l.Geometry.Intersection.Project(a)).norm();
            });
        }).ToArray();
    }

    /// <summary>‖A_k‖ for every layer.</summary>
    public static double[] Norms(StructuredNetwork network)
    {
        using var _ = no_grad();
        return network.Layers.Select(BlockNorm).ToArray();
    }

    private static double BlockNorm(StructuredLayer l) => OverSlices(l, (c, n) => l.WeightBlocks(c, n).to_type(ScalarType.Float64).norm());

    /// <summary>‖x − x⁰‖ in float64 over a layer's output-channel slices, x's slice given by <paramref name="slice"/>.</summary>
    private static double SlicedDistance(StructuredLayer l, Func<long, long, Tensor> slice, Tensor initial) => OverSlices(l, (c, n) =>
        (slice(c, n).to_type(ScalarType.Float64) - initial.narrow(0, c, n).to_type(ScalarType.Float64)).norm());

    /// <summary>A detached float64 copy of every layer's weights.</summary>
    public static Tensor[] Snapshot(StructuredNetwork network)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope(); // the synthesised blocks and casts go with the scope, only the copies stay
        return network.Layers.Select(l => l.WeightBlocks().to_type(ScalarType.Float64).detach().clone().DetachFromDisposeScope()).ToArray();
    }

    /// <summary>A detached copy of every layer's weights in the parameters' own type, for measuring distance travelled
    /// (a float32 value converts to float64 exactly, so this is the float64 <see cref="Snapshot"/> at half the memory).</summary>
    public static Tensor[] StartingPoint(StructuredNetwork network) => StartingBlocks(network.Layers).ToArray();

    private static Queue<Tensor> StartingBlocks(IEnumerable<StructuredLayer> layers)
    {
        using var _ = no_grad();
        return new Queue<Tensor>(layers.Select(l =>
        {
            var start = empty(new long[] { l.OutChannels, l.InChannels, l.Geometry.Equivariant.BlockDimension }, dtype: l.Coefficients.dtype)
                .DetachFromDisposeScope();
            foreach (var (first, count) in l.OutputSlices())
            {
                using var scope = NewDisposeScope(); // one synthesised slice at a time
                start.narrow(0, first, count).copy_(l.WeightBlocks(first, count));
            }
            return start;
        }));
    }

    /// <summary>‖A_k − A_k⁰‖ for every layer (A⁰ from <see cref="StartingPoint"/> or <see cref="Snapshot"/>; the
    /// difference is taken in float64).</summary>
    public static double[] DistancesFrom(StructuredNetwork network, IReadOnlyList<Tensor> initial)
    {
        using var _ = no_grad();
        return network.Layers.Select((l, k) => SlicedDistance(l, l.WeightBlocks, initial[k])).ToArray();
    }

    /// <summary>Where a run's weights start, for measuring how far they travel (<see cref="Travel"/>): per layer θ⁰ when
    /// the layer's parametrization is orthonormal (every unitary basis of L or E∩L), a copy of A⁰ as
    /// <see cref="StartingPoint"/> gives it otherwise; detached, in the parameters' type.</summary>
    public static Tensor[] Origin(StructuredNetwork network)
    {
        using var _ = no_grad();
        var blocks = StartingBlocks(network.Layers.Where(l => !InCoefficients(l)));
        return network.Layers.Select(l => InCoefficients(l) ? l.Coefficients.detach().clone().DetachFromDisposeScope() : blocks.Dequeue()).ToArray();
    }

    /// <summary>‖A_k‖ and ‖A_k − A_k⁰‖ for every layer, from an <see cref="Origin"/>. For an orthonormal M these are
    /// ‖θ_k‖ and ‖θ_k − θ_k⁰‖ (M preserves norms: ‖Mθ‖² = θ*M*Mθ = ‖θ‖²), computed in float64 from the coefficients
    /// without synthesising the blocks — for a float32 model they then miss the rounding of the synthesised float32 A,
    /// about 1e-7 relative; otherwise they are <see cref="Norms"/> and <see cref="DistancesFrom"/>.</summary>
    public static (double[] Norms, double[] Travelled) Travel(StructuredNetwork network, IReadOnlyList<Tensor> origin)
    {
        using var _ = no_grad();
        var norms = new double[network.Layers.Count];
        var travelled = new double[network.Layers.Count];
        for (int k = 0; k < network.Layers.Count; k++)
        {
            var l = network.Layers[k];
            if (InCoefficients(l) && origin[k].shape.SequenceEqual(l.Coefficients.shape))
            {
                norms[k] = Math.Sqrt(SquaredNorm(l.Coefficients));
                // θ − θ⁰ a slice of output channels at a time: a dense layer's θ has 39 M entries
                travelled[k] = SlicedDistance(l, (c, n) => l.Coefficients.detach().narrow(0, c, n), origin[k]);
                continue;
            }
            norms[k] = BlockNorm(l);
            travelled[k] = SlicedDistance(l, l.WeightBlocks, origin[k]);
        }
        return (norms, travelled);
    }

    /// <summary>Whether a layer's norms can be read off its coefficients: an orthonormal parametrization, no pinned
    /// blocks.</summary>
    private static bool InCoefficients(StructuredLayer layer) => layer.Parametrization.IsOrthonormal && layer.PinnedWeights is null;

    /// <summary>(Σ_k x_k²)^{1/2}.</summary>
    public static double Total(IEnumerable<double> perLayer) => Math.Sqrt(perLayer.Sum(x => x * x));

    /// <summary>‖t‖² in float64, over slices of whole rows (first axis) of at most <see cref="SliceEntries"/> entries.</summary>
    public static double SquaredNorm(Tensor t)
    {
        using var _ = no_grad();
        long rows = t.shape[0], perRow = Math.Max(1, t.numel() / Math.Max(1, rows));
        long step = Math.Max(1, SliceEntries / perRow);
        double sum = 0;
        for (long c = 0; c < rows; c += step)
        {
            using var scope = NewDisposeScope();
            sum += t.narrow(0, c, Math.Min(step, rows - c)).to_type(ScalarType.Float64).pow(2).sum().item<double>();
        }
        return sum;
    }

    /// <summary>A norm over a layer's output channels, slice by slice: <paramref name="norm"/>(first, count) gives the
    /// norm of one slice; one slice when the layer is small.</summary>
    private static double OverSlices(StructuredLayer layer, Func<long, long, Tensor> norm)
    {
        var slices = layer.OutputSlices().ToList();
        double sum = 0;
        foreach (var (first, count) in slices)
        {
            using var scope = NewDisposeScope();
            double part = norm(first, count).item<double>();
            if (slices.Count == 1) return part;
            sum += part * part;
        }
        return Math.Sqrt(sum);
    }
}
