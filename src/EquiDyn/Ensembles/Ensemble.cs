using EquiDyn.Data;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Ensembles;

/// <summary>How the members of an ensemble start.</summary>
public enum EnsembleInitialisation
{
    /// <summary>Every member an independent Gaussian draw on L (<see cref="EnsembleInitializer.GaussianInL"/>): a law
    /// invariant under the group when L is.</summary>
    Independent,
    /// <summary>Members in whole orbits: for each independent draw A⁰, the |G| networks Π_L ρ̄_g A⁰ (= ρ̄_g A⁰ when L is
    /// invariant), listed orbit by orbit.</summary>
    Orbit,
}

/// <summary>How the members of an ensemble are trained and evaluated.</summary>
public enum EnsembleExecution
{
    /// <summary>As one <see cref="BatchedConvNet"/>: one grouped convolution per layer for all members (C4 CNNs only).</summary>
    Batched,
    /// <summary>One network and one <see cref="Trainer"/> per member, one after another.</summary>
    Sequential,
}

/// <summary>
/// M networks of one architecture trained side by side with one strategy: full-batch gradient descent, one step of every
/// member per <see cref="Step"/>; sampled augmentation draws each member's group elements from its own seed.
/// </summary>
/// <remarks>
/// <see cref="EnsembleExecution.Sequential"/> gives each member its own <see cref="Trainer"/>;
/// <see cref="EnsembleExecution.Batched"/> stacks the same starting points into one <see cref="BatchedConvNet"/> and takes
/// the step of all members at once: the loss is the sum of the members' mean losses (each member's own augmented
/// inputs, drawn from the member's own generator in the order its <see cref="Trainer"/> would draw them), so each θ_m
/// gets its own gradient, and the update rule acts coordinate by coordinate on the stacked θ exactly as on each member's.
/// The two agree to float64 rounding (EnsembleTests).
/// </remarks>
public sealed class Ensemble : IDisposable
{
    private readonly List<(StructuredNetwork Network, Trainer Trainer)> _members = new();
    private readonly BatchedConvNet? _batched;
    private readonly DataRandom[] _random = Array.Empty<DataRandom>();
    private readonly CoefficientOptimizer? _optimizer;
    private readonly TrainingStrategy _strategy;
    private readonly LossKind _loss;
    private readonly double _learningRate;
    private readonly DataGroupAction _action;

    /// <summary>Builds and initialises the members.</summary>
    /// <param name="build">A new network of the architecture (zero weights).</param>
    /// <param name="count">Members M (a multiple of |G| for <see cref="EnsembleInitialisation.Orbit"/>).</param>
    /// <param name="initialisation">Independent draws or whole orbits.</param>
    /// <param name="seed">Seed of the draws and of the members' sampling.</param>
    /// <param name="layerAction">ρ̄_g on the layers (for orbits).</param>
    /// <param name="strategy">Nominal, exact or sampled augmentation.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="optimizer">The update rule.</param>
    /// <param name="samples">Training samples (one full batch).</param>
    /// <param name="action">The group on the data.</param>
    /// <param name="execution">One batched network or one network per member (the same starting points either way).</param>
    public Ensemble(Func<StructuredNetwork> build, int count, EnsembleInitialisation initialisation, long seed,
        NetworkGroupAction layerAction, TrainingStrategy strategy, LossKind loss, double learningRate, OptimizerSettings optimizer,
        int samples, DataGroupAction action, EnsembleExecution execution = EnsembleExecution.Sequential)
    {
        if (count < 1) throw new ArgumentException($"an ensemble needs at least one member, got {count}", nameof(count));
        if (initialisation == EnsembleInitialisation.Orbit && count % layerAction.Order != 0)
            throw new ArgumentException($"an orbit ensemble holds whole orbits: use a multiple of {layerAction.Order} members, got {count}", nameof(count));
        if (strategy.Kind is not (StrategyKind.Nominal or StrategyKind.AugmentedExact or StrategyKind.AugmentedSampled) || strategy.Gamma != 0)
            throw new ArgumentException($"an ensemble trains its members in L without a regulariser: nominal or augmented, got {strategy.Name}", nameof(strategy));
        _strategy = strategy;
        _loss = loss;
        _learningRate = learningRate;
        _action = action;
        var seeds = new DataRandom(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x5EED));
        StructuredNetwork? origin = null;
        var networks = new List<StructuredNetwork>();
        var samplingSeeds = new List<ulong>();
        for (int m = 0; m < count; m++)
        {
            var net = build();
            if (initialisation == EnsembleInitialisation.Independent)
                EnsembleInitializer.GaussianInL(net, (long)(seeds.NextUInt64() >> 1));
            else
            {
                int g = m % layerAction.Order;
                if (g == 0)
                {
                    origin?.Dispose();
                    origin = build();
                    EnsembleInitializer.GaussianInL(origin, (long)(seeds.NextUInt64() >> 1));
                }
                layerAction.LoadTransformed(net, origin!, g);
            }
            networks.Add(net);
            samplingSeeds.Add(seeds.NextUInt64());
        }
        origin?.Dispose();
        if (execution == EnsembleExecution.Sequential)
        {
            for (int m = 0; m < count; m++)
            {
                var options = new TrainingOptions(learningRate, samples, Protocol.FullBatch, Shuffle: false, Seed: samplingSeeds[m]) { Optimizer = optimizer };
                _members.Add((networks[m], new Trainer(networks[m], strategy, loss, options, strategy.UsesGroupAction ? action : null)));
            }
            return;
        }
        if (strategy.Kind == StrategyKind.AugmentedExact && action.Elements is null)
            throw new ArgumentException($"exact augmentation needs a listable group; {action.GroupName} is too large: use sampled augmentation");
        _batched = new BatchedConvNet(networks);
        foreach (var net in networks) net.Dispose();
        _random = samplingSeeds.Select(s => new DataRandom(s)).ToArray(); // as each member's Trainer seeds its generator
        _optimizer = new CoefficientOptimizer(_batched.Coefficients, optimizer);
    }

    /// <summary>Members M.</summary>
    public int Count => _batched?.Members ?? _members.Count;

    /// <summary>How the members are trained.</summary>
    public EnsembleExecution Execution => _batched is null ? EnsembleExecution.Sequential : EnsembleExecution.Batched;

    /// <summary>One full-batch step of every member.</summary>
    public void Step(TensorDataset train)
    {
        if (_batched is null)
        {
            foreach (var (_, trainer) in _members) trainer.RunEpoch(train, _ => { });
            return;
        }
        using var stepScope = NewDisposeScope();
        int passes = _strategy.Kind == StrategyKind.AugmentedSampled ? _strategy.AugmentationPasses : 1;
        var dtype = _batched.Coefficients[0].dtype;
        foreach (var p in _batched.Coefficients) p.grad?.zero_();
        double loss = 0;
        for (int pass = 0; pass < passes; pass++)
        {
            using var scope = NewDisposeScope();
            var x = train.Inputs.to_type(dtype);
            var y = train.Targets;
            Tensor inputs, targets;
            if (_strategy.Kind == StrategyKind.AugmentedSampled)
            {
                // Member m's own draws, in its order; one image per member channel.
                var drawn = _random.Select(r => _strategy.Scope == SamplingScope.PerBatch
                    ? _action.Apply(_action.SampleUniform(r), x, y) : _action.ApplyPerSample(r, x, y)).ToList();
                inputs = cat(drawn.Select(d => d.Inputs).ToArray(), 1);
                targets = cat(drawn.Select(d => d.Targets).ToArray(), 0);
            }
            else
            {
                if (_strategy.Kind == StrategyKind.AugmentedExact) (x, y) = _action.Orbit(x, y);
                inputs = x; // shared by every member
                targets = y.repeat(Count);
            }
            var outputs = _batched.Forward(inputs); // [M, B, classes]
            // The mean over all members' entries × M = the sum of the members' mean losses.
            var total = Losses.Compute(_loss, outputs.reshape(-1, outputs.shape[^1]), targets) * ((double)Count / passes);
            total.backward();
            loss += total.to_type(ScalarType.Float64).item<double>();
        }
        if (double.IsNaN(loss) || double.IsInfinity(loss))
            throw new TrainingDivergedException(_optimizer!.Steps + 1, (int)_optimizer.Steps + 1, loss);
        _optimizer!.Step(_learningRate);
    }

    /// <summary>Every member's outputs on <paramref name="inputs"/> [N, …] as flat arrays [N·C] (no gradient).</summary>
    public IReadOnlyList<double[]> Outputs(Tensor inputs)
    {
        using var _ = no_grad();
        if (_batched is { } batched)
        {
            using var scope = NewDisposeScope();
            var x = inputs.to_type(batched.Coefficients[0].dtype);
            var y = batched.Forward(x).to_type(ScalarType.Float64).contiguous();
            var flat = y.data<double>().ToArray();
            int per = flat.Length / Count;
            return Enumerable.Range(0, Count).Select(m => flat.AsSpan(m * per, per).ToArray()).ToList();
        }
        return _members.Select(m =>
        {
            using var scope = NewDisposeScope();
            var x = inputs.to_type(m.Network.Coefficients[0].dtype);
            return m.Network.call(x).to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        }).ToList();
    }

    /// <summary>Every member's relative distance ‖A − Π_{E∩L}A‖/‖A‖ to E∩L.</summary>
    public IReadOnlyList<double> DistancesToIntersection() => (IReadOnlyList<double>?)_batched?.DistancesToIntersection() ?? _members.Select(m =>
    {
        double norm = LayerTelemetry.Total(LayerTelemetry.Norms(m.Network));
        return norm > 0 ? LayerTelemetry.Total(LayerTelemetry.DistancesToIntersection(m.Network)) / norm : 0;
    }).ToList();

    /// <summary>Member <paramref name="member"/>'s weight blocks A_k of every layer (detached float64 copies).</summary>
    public Tensor[] WeightBlocks(int member)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var blocks = _batched is { } b ? b.WeightBlocks(member) : _members[member].Network.Layers.Select(l => l.WeightBlocks()).ToArray();
        return blocks.Select(t => t.to_type(ScalarType.Float64).detach().clone().DetachFromDisposeScope()).ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _batched?.Dispose();
        foreach (var (net, _) in _members) net.Dispose();
    }
}
