using EquiDyn.Engine;
using EquiDyn.Data;
using EquiDyn.Nn;
using static TorchSharp.torch;

namespace EquiDyn.Training;

/// <summary>How the data enters a <see cref="Risk"/>.</summary>
public enum RiskAugmentation
{
    /// <summary>As it is: the nominal risk R.</summary>
    None,
    /// <summary>Every sample with its whole orbit: the augmented risk R_aug exactly (paper, Lemma 3).</summary>
    ExactOrbits,
    /// <summary>One uniformly drawn element per chunk: an unbiased estimate of R_aug.</summary>
    SampledPerChunk,
    /// <summary>An independently drawn uniform element per sample: an unbiased estimate of R_aug.</summary>
    SampledPerSample,
}

/// <summary>A risk's value over a dataset (weighted as its gradient is) and the accuracy counts of its predictions.</summary>
/// <param name="Loss">R (or R_aug, or its sampled estimate) at the network's point.</param>
/// <param name="Correct">Correct predictions over every evaluated (augmented) sample.</param>
/// <param name="Total">Predictions made.</param>
public readonly record struct RiskValue(double Loss, long Correct, long Total)
{
    /// <summary>Correct / Total (NaN when nothing was predicted).</summary>
    public double Accuracy => Total > 0 ? (double)Correct / Total : double.NaN;
}

/// <summary>
/// The one implementation of the risks of the paper: R(A) = (1/N)Σ_i ℓ(Φ_A(x_i), y_i), the augmented risk
/// R_aug(A) = (1/N)Σ_i (1/|G|)Σ_g ℓ(Φ_A(g·x_i), g·y_i) (§3, Lemma 3) with every orbit listed, or its unbiased estimate
/// with uniformly drawn elements; evaluated over a dataset in memory-bounded chunks, each chunk's mean loss weighted by
/// its share of the samples. Used by the <see cref="Trainer"/> (its steps and measurements), the theorem checks (the
/// gradient in the ambient space H) and the stability analysis (a differentiable function of θ).
/// </summary>
/// <remarks>
/// <para>A chunk of c of the N samples contributes (c/N)/P·ℓ̄(chunk) for each of P augmentation passes (fresh draws per
/// pass; P = 1 unless sampled), where ℓ̄ is <see cref="Losses.Compute"/>'s mean over the chunk's (orbit-expanded)
/// samples; with exact orbits every sample's orbit has the same |G| images, so the weighted sum of the chunks' means is
/// the mean over data × group, whatever the chunk sizes. The value returned is the same weighted sum, so it is exactly
/// the function whose gradient is accumulated.</para>
/// <para>The risk never changes the network's weights and does not decide where they come from: the trainer freezes its
/// synthesised operators for a step (<see cref="StructuredNetwork.BeginStep()"/>), <see cref="Ambient"/> pins float64
/// leaves in H, and the stability analysis pins A = Mθ of an external θ (<see cref="StructuredNetwork.PinWeights"/>).</para>
/// <para>Sampled augmentation draws from the <see cref="DataRandom"/> it is given, in chunk order and, within a chunk,
/// pass by pass: a trainer shares its generator so that data orders and group elements come from one reproducible
/// stream. Draws are uniform on the group; a non-uniform draw biases the expected gradient off E (docs/paper-code.md, B7).</para>
/// </remarks>
public sealed class Risk
{
    private readonly DataRandom? _random;

    private Risk(LossKind loss, RiskAugmentation augmentation, DataGroupAction? action, DataRandom? random, int passes)
    {
        if (passes < 1) throw new ArgumentOutOfRangeException(nameof(passes), passes, "augmentation passes must be at least 1");
        if (augmentation != RiskAugmentation.None && action is null)
            throw new ArgumentException($"{augmentation} augmentation needs a group action on the data", nameof(action));
        if (augmentation == RiskAugmentation.ExactOrbits && action!.Elements is null)
            throw new ArgumentException($"exact orbits need a listable group; {action.GroupName} is too large: sample its elements instead", nameof(action));
        if (augmentation is RiskAugmentation.SampledPerChunk or RiskAugmentation.SampledPerSample && random is null)
            throw new ArgumentException("sampled augmentation needs a random generator", nameof(random));
        Loss = loss;
        Augmentation = augmentation;
        Action = augmentation == RiskAugmentation.None ? null : action;
        _random = random;
        Passes = passes;
    }

    /// <summary>The loss ℓ.</summary>
    public LossKind Loss { get; }

    /// <summary>How the data enters.</summary>
    public RiskAugmentation Augmentation { get; }

    /// <summary>The group's action on the data (null for R).</summary>
    public DataGroupAction? Action { get; }

    /// <summary>Augmentation passes P per chunk (1 unless sampled).</summary>
    public int Passes { get; }

    /// <summary>The nominal risk R.</summary>
    public static Risk Nominal(LossKind loss) => new(loss, RiskAugmentation.None, null, null, 1);

    /// <summary>The augmented risk R_aug with every orbit listed.</summary>
    /// <exception cref="ArgumentException">The group cannot be listed.</exception>
    public static Risk ExactOrbits(LossKind loss, DataGroupAction action) => new(loss, RiskAugmentation.ExactOrbits, action, null, 1);

    /// <summary>The unbiased estimate of R_aug with uniform draws (per chunk or per sample), averaged over
    /// <paramref name="passes"/> passes with fresh draws.</summary>
    public static Risk Sampled(LossKind loss, DataGroupAction action, SamplingScope scope, DataRandom random, int passes = 1) =>
        new(loss, scope == SamplingScope.PerBatch ? RiskAugmentation.SampledPerChunk : RiskAugmentation.SampledPerSample, action, random, passes);

    /// <summary>The risk a strategy trains on (its data action): R_aug exactly or sampled for the augmented strategies,
    /// R otherwise.</summary>
    public static Risk Of(TrainingStrategy strategy, LossKind loss, DataGroupAction? action, DataRandom random) => strategy.Kind switch
    {
        StrategyKind.AugmentedExact => ExactOrbits(loss, action ?? throw new ArgumentException($"strategy '{strategy.Name}' needs a group action on the data", nameof(action))),
        StrategyKind.AugmentedSampled => Sampled(loss, action ?? throw new ArgumentException($"strategy '{strategy.Name}' needs a group action on the data", nameof(action)),
            strategy.Scope, random, strategy.AugmentationPasses),
        _ => Nominal(loss),
    };

    /// <summary>The data action on one chunk: the whole orbit of every sample (element-major), one drawn element
    /// applied to the chunk, one drawn element per sample, or the chunk as it is.</summary>
    public (Tensor Inputs, Tensor Targets) Transform(Tensor inputs, Tensor targets) => Augmentation switch
    {
        RiskAugmentation.ExactOrbits => Action!.Orbit(inputs, targets),
        RiskAugmentation.SampledPerChunk => Action!.Apply(Action.SampleUniform(_random!), inputs, targets),
        RiskAugmentation.SampledPerSample => Action!.ApplyPerSample(_random!, inputs, targets),
        _ => (inputs, targets),
    };

    /// <summary>Adds ∇ of the risk over the samples listed by <paramref name="chunks"/> (in that order, one chunk per
    /// forward pass) to the gradients of whatever the network computes with (θ.grad, a frozen step, pinned leaves);
    /// inputs are converted to the network's type.</summary>
    public RiskValue Backward(StructuredNetwork network, TensorDataset data, IReadOnlyList<long[]> chunks) =>
        Sweep(network, data, IndexChunks(chunks), chunks.Sum(c => (long)c.Length), network.Coefficients[0].dtype, gradient: true, accuracy: true);

    /// <summary><see cref="Backward(StructuredNetwork, TensorDataset, IReadOnlyList{long[]})"/> over the whole dataset
    /// in consecutive chunks of <paramref name="chunkSize"/> samples.</summary>
    public RiskValue Backward(StructuredNetwork network, TensorDataset data, int chunkSize) =>
        Sweep(network, data, ConsecutiveChunks(data.Count, chunkSize), data.Count, network.Coefficients[0].dtype, gradient: true, accuracy: true);

    /// <summary>The risk over the whole dataset in consecutive chunks, without gradient.</summary>
    public RiskValue Evaluate(StructuredNetwork network, TensorDataset data, int chunkSize) =>
        Sweep(network, data, ConsecutiveChunks(data.Count, chunkSize), data.Count, network.Coefficients[0].dtype, gradient: false, accuracy: true);

    /// <summary>
    /// The risk at the network's current point in float64, and its gradient ∇_A per layer in the ambient space H (not only
    /// its component in L), shape [C_out, C_in, D], float64; the network's weights and gradients are untouched. No
    /// accuracy is counted (the checks' regression targets have none).
    /// </summary>
    public (double Value, Tensor[] Gradient) Ambient(StructuredNetwork network, TensorDataset data, int chunkSize = 256)
    {
        var leaves = network.Layers.Select(l =>
            l.WeightBlocks().detach().to_type(ScalarType.Float64).clone().requires_grad_(true).DetachFromDisposeScope()).ToArray();
        RiskValue value;
        using (network.PinWeights(leaves))
            value = Sweep(network, data, ConsecutiveChunks(data.Count, chunkSize), data.Count, ScalarType.Float64, gradient: true, accuracy: false);
        var gradient = leaves.Select(l => l.grad!.detach().clone().DetachFromDisposeScope()).ToArray();
        foreach (var leaf in leaves) leaf.Dispose();
        return (value.Loss, gradient);
    }

    /// <summary>The risk as a scalar tensor whose graph reaches whatever the network computes with (pin A = Mθ of an
    /// external θ to differentiate in θ, twice for Hessian-vector products); the inputs enter in their own type. The
    /// chunks only bound the size of one forward call: every chunk's graph stays alive until the result is released.</summary>
    public Tensor Differentiable(StructuredNetwork network, TensorDataset data, int chunkSize)
    {
        Tensor? total = null;
        foreach (var (x, y, weight) in Terms(data, ConsecutiveChunks(data.Count, chunkSize), data.Count, inputType: null))
        {
            var value = Losses.Compute(Loss, network.call(x), y) * weight;
            total = total is null ? value : total + value;
        }
        return total ?? throw new ArgumentException("the dataset is empty", nameof(data));
    }

    private RiskValue Sweep(StructuredNetwork network, TensorDataset data, IEnumerable<Chunk> chunks, long count,
        ScalarType inputType, bool gradient, bool accuracy)
    {
        double loss = 0;
        long correct = 0, total = 0;
        foreach (var chunk in chunks)
            for (int pass = 0; pass < Passes; pass++)
            {
                using var scope = NewDisposeScope();
                using var noGrad = gradient ? null : no_grad();
                var (x, y, weight) = Term(data, chunk, count, inputType);
                var outputs = network.call(x);
                var value = Losses.Compute(Loss, outputs, y);
                if (gradient) (value * weight).backward();
                loss += value.to_type(ScalarType.Float64).item<double>() * weight;
                if (!accuracy) continue;
                var (c, t) = Losses.Accuracy(Loss, outputs.detach(), y);
                correct += c;
                total += t;
            }
        return new RiskValue(loss, correct, total);
    }

    private IEnumerable<(Tensor Inputs, Tensor Targets, double Weight)> Terms(TensorDataset data, IEnumerable<Chunk> chunks,
        long count, ScalarType? inputType)
    {
        foreach (var chunk in chunks)
            for (int pass = 0; pass < Passes; pass++)
                yield return Term(data, chunk, count, inputType);
    }

    /// <summary>One chunk's transformed samples and its weight (c/N)/P.</summary>
    private (Tensor Inputs, Tensor Targets, double Weight) Term(TensorDataset data, Chunk chunk, long count, ScalarType? inputType)
    {
        var (x, y) = chunk.Indices is { } indices
            ? data.Batch(indices)
            : (data.Inputs.narrow(0, chunk.Start, chunk.Count), data.Targets.narrow(0, chunk.Start, chunk.Count));
        if (inputType is { } type) x = x.to_type(type);
        (x, y) = Transform(x, y);
        return (x, y, (double)chunk.Count / count / Passes);
    }

    /// <summary>Samples [Start, Start + Count) of the dataset, or the listed ones.</summary>
    private readonly record struct Chunk(long Start, long Count, long[]? Indices);

    private static IEnumerable<Chunk> ConsecutiveChunks(long count, int chunkSize)
    {
        if (chunkSize < 1) throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "the chunk size must be ≥ 1");
        for (long start = 0; start < count; start += chunkSize)
        {
            FinalizerGate.SafePoint(); // between two chunks nothing of libtorch is in flight on this thread
            yield return new Chunk(start, Math.Min(chunkSize, count - start), null);
        }
    }

    private static IEnumerable<Chunk> IndexChunks(IReadOnlyList<long[]> chunks)
    {
        foreach (var c in chunks)
        {
            FinalizerGate.SafePoint();
            yield return new Chunk(0, c.Length, c);
        }
    }
}
