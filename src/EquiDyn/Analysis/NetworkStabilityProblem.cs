using System.Globalization;
using EquiDyn.Data;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>Settings of <see cref="NetworkStabilityProblem.Create"/>.</summary>
public sealed record NetworkStabilityOptions
{
    /// <summary>Use only this many training samples (null: all). The subset is fixed by <see cref="SampleSeed"/>:
    /// the first N entries of the SplitMix64 permutation <c>new DataRandom(seed).Permutation(count)</c>, sorted
    /// ascending, so the same seed and N always pick the same samples. Every chosen sample enters with its whole orbit.</summary>
    public int? Samples { get; init; }

    /// <summary>Seed of the subset (default 0).</summary>
    public ulong SampleSeed { get; init; }

    /// <summary>Original samples per forward chunk (each expanded by its orbit; default 64). Only bounds the size of
    /// one forward call: the whole risk's graph is alive during a Hessian-vector product.</summary>
    public int ChunkSize { get; init; } = 64;

    /// <summary>Also build the nominal risk R (reported only; default true).</summary>
    public bool IncludeNominal { get; init; } = true;

    /// <summary>The problem's name in reports (default "network").</summary>
    public string Name { get; init; } = "network";

    /// <summary>A description for reports; null: a generated one (n, dims, samples, loss).</summary>
    public string? Description { get; init; }
}

/// <summary>A <see cref="StabilityProblem"/> for any <see cref="StructuredNetwork"/> with unitary parametrizations, at the
/// network's current point: θ = all layers' coefficients (float64), R^aug with exact orbit averaging over a dataset,
/// 𝓔∩𝓛 and its complement in 𝓛 as projectors (see <see cref="NetworkCoordinates"/>).</summary>
/// <remarks>
/// <para>The risk closures compute A = Mθ from the θ tensor layer by layer (<see cref="BlockBasis.Synthesize"/>) and pin it
/// into the layers (<see cref="StructuredNetwork.PinWeights"/>) for the forward pass, so R(θ) is a differentiable function
/// of an external θ and Hessian-vector products go through the network by double backward. The network's own parameters
/// are never read or changed by the closures; the inputs are converted to float64 once.</para>
/// <para>R^aug(θ) = (1/(N|G|)) Σ_i Σ_g ℓ(Φ_{Mθ}(g·x_i), g·y_i) with every group element (L3), and R(θ) without the orbit,
/// both by <see cref="Risk.Differentiable"/> (exact orbits, chunked). At θ ∈ 𝓔∩𝓛:
/// ∇R^aug = M*Π_𝓔∇R (P1), which is Π_{𝓔∩𝓛}∇_θR under compatibility, and the cross block of ∇²R^aug between 𝓔∩𝓛 and
/// 𝓔^⊥∩𝓛 vanishes (docs/stability.md). Neither holds for an incompatible support.</para>
/// </remarks>
public static class NetworkStabilityProblem
{
    /// <summary>Builds the problem at <paramref name="network"/>'s current θ.</summary>
    /// <param name="network">A network whose every layer has an orthonormal parametrization.</param>
    /// <param name="data">The data set (inputs of any float type, class labels or targets).</param>
    /// <param name="loss">The G-invariant loss.</param>
    /// <param name="action">The group's action on the data; must be listable (exact orbits).</param>
    /// <param name="options">Subset, chunking, names.</param>
    /// <exception cref="ArgumentException">A non-unitary layer, a group that cannot be listed, or a bad sample count.</exception>
    public static StabilityProblem Create(StructuredNetwork network, TensorDataset data, LossKind loss, DataGroupAction action,
        NetworkStabilityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(action);
        options ??= new NetworkStabilityOptions();
        if (action.Elements is null)
            throw new ArgumentException($"{action.GroupName} is too large to list: the analysis needs the exact orbit average.", nameof(action));
        if (options.ChunkSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "ChunkSize must be ≥ 1.");
        var coordinates = new NetworkCoordinates(network);
        var subset = Subset(data, options);
        var risk = new NetworkRisk(coordinates, subset, loss, action, options.ChunkSize);
        using var scope = NewDisposeScope();
        var theta = coordinates.Flatten();
        string subsetNote = options.Samples is { } s && s < data.Count
            ? string.Create(CultureInfo.InvariantCulture, $" (subset seed {options.SampleSeed} of {data.Count})")
            : "";
        string description = options.Description ?? string.Create(CultureInfo.InvariantCulture,
            $"{network.GetName()}: n = {coordinates.Dimension}, dim E∩L = {coordinates.IntersectionRank}, {(coordinates.IsCompatible ? "compatible" : "incompatible")} support; R_aug = {loss} over {subset.Count} samples × {action.Elements.Count} group elements{subsetNote}.");
        return new StabilityProblem(
            options.Name,
            description,
            theta,
            risk.Augmented,
            coordinates.Intersection(),
            coordinates.Complement(),
            options.IncludeNominal ? risk.Nominal : null);
    }

    /// <summary>The indices of the samples used for a data set of <paramref name="count"/> samples (ascending).</summary>
    public static long[] SubsetIndices(long count, int? samples, ulong seed)
    {
        if (samples is { } n && n < 1) throw new ArgumentOutOfRangeException(nameof(samples), n, "The sample count must be ≥ 1.");
        if (samples is null || samples.Value >= count) return Enumerable.Range(0, checked((int)count)).Select(i => (long)i).ToArray();
        var permutation = new DataRandom(seed).Permutation(checked((int)count));
        return permutation.Take(samples.Value).Order().Select(i => (long)i).ToArray();
    }

    private static TensorDataset Subset(TensorDataset data, NetworkStabilityOptions options)
    {
        using var scope = NewDisposeScope();
        var (x, y) = data.Batch(SubsetIndices(data.Count, options.Samples, options.SampleSeed));
        var inputs = x.to_type(ScalarType.Float64).DetachFromDisposeScope();
        var targets = (y.is_floating_point() ? y.to_type(ScalarType.Float64) : y).DetachFromDisposeScope();
        return new TensorDataset(inputs, targets);
    }

    /// <summary>The two closures over one network and data subset: R and R_aug of θ, through <see cref="Risk"/>.</summary>
    private sealed class NetworkRisk(NetworkCoordinates coordinates, TensorDataset data, LossKind loss, DataGroupAction action, int chunk)
    {
        private readonly Risk _augmented = Risk.ExactOrbits(loss, action);
        private readonly Risk _nominal = Risk.Nominal(loss);

        public Tensor Augmented(Tensor theta) => Evaluate(theta, _augmented);

        public Tensor Nominal(Tensor theta) => Evaluate(theta, _nominal);

        private Tensor Evaluate(Tensor theta, Risk risk)
        {
            using var scope = NewDisposeScope();
            var blocks = coordinates.Synthesize(theta);
            using (coordinates.Network.PinWeights(blocks))
                return risk.Differentiable(coordinates.Network, data, chunk).MoveToOuterDisposeScope();
        }
    }
}
