using EquiDyn.Data;
using EquiDyn.Nn;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EquiDyn.Training;

/// <summary>
/// Trains one <see cref="StructuredNetwork"/> with one <see cref="TrainingStrategy"/>: gradient descent on the
/// coefficients θ, A = Mθ, with per-step telemetry.
/// </summary>
/// <remarks>
/// Flows (docs/concepts.md) in their discrete form, with η the learning rate:
/// Nom θ ← θ − η∇_θR; Aug θ ← θ − η∇_θR_aug (exact orbit average, or a uniform-sampling estimate);
/// Equi θ_E ← θ_E − η∇_{θ_E}R with θ_E the coordinates of E∩L, or equivalently (unitary M) θ ← θ − η M*Π_{E∩L}M∇_θR.
/// The optional regulariser adds (γ/2)Σ_k‖A_k − Π_E A_k‖² to the risk. Under <see cref="Protocol.FullBatch"/> each
/// minibatch's loss is weighted by its share of the data so the accumulated gradient is that of the mean loss.
/// </remarks>
public sealed class Trainer
{
    private readonly StructuredNetwork _network;
    private readonly TrainingStrategy _strategy;
    private readonly LossKind _loss;
    private readonly TrainingOptions _options;
    private readonly DataGroupAction? _action;
    private readonly ScalarType _dtype;

    /// <summary>Prepares training; the network's current weights are the initial point A⁰.</summary>
    public Trainer(StructuredNetwork network, TrainingStrategy strategy, LossKind loss, TrainingOptions options,
        DataGroupAction? action = null)
    {
        options.Validate();
        if (strategy.UsesGroupAction && action is null)
            throw new ArgumentException($"strategy '{strategy.Name}' needs a group action on the data");
        if (strategy.Kind == StrategyKind.AugmentedExact && action!.Elements is null)
            throw new ArgumentException($"exact augmentation needs a listable group; {action.GroupName} is too large: use sampled augmentation");
        if (strategy.Kind == StrategyKind.EquivariantProjected && network.Layers.Any(l => !l.Parametrization.IsOrthonormal))
            throw new ArgumentException("projected-gradient equivariant training needs a unitary parametrization of every layer");
        if (strategy.AugmentationPasses < 1) throw new ArgumentException("augmentation passes must be at least 1");
        if (strategy.Gamma < 0) throw new ArgumentException($"regulariser weight γ must be ≥ 0, got {strategy.Gamma}");
        if (strategy.Kind == StrategyKind.EquivariantProjected && !options.Optimizer.IsCoordinateFree)
            throw new ArgumentException($"{options.Optimizer.Kind} rescales each coordinate of L separately and would leave E∩L under projected-gradient Equi training: use the parametrized Equi strategy (coordinates of E∩L), or sgd/momentum");
        RequireInitialized(network);
        RequireMatchingParametrization(network, strategy);
        _network = network;
        _strategy = strategy;
        _loss = loss;
        _options = options;
        _action = action;
        _dtype = network.Coefficients[0].dtype;
        Random = new DataRandom(options.Seed);
        Optimizer = new CoefficientOptimizer(network.Coefficients, options.Optimizer);
        InitialWeights = LayerTelemetry.Snapshot(network);
    }

    /// <summary>The generator of data orders and group elements (its state belongs in a checkpoint).</summary>
    public DataRandom Random { get; }

    /// <summary>The update rule and its state (momentum buffers, Adam moments: they belong in a checkpoint).</summary>
    public CoefficientOptimizer Optimizer { get; }

    /// <summary>Steps taken so far.</summary>
    public long Step { get; set; }

    /// <summary>Epochs completed so far.</summary>
    public int Epoch { get; set; }

    /// <summary>The weights A⁰ at the start (distances from start are measured from these).</summary>
    public Tensor[] InitialWeights { get; set; }

    /// <summary>Runs one epoch; <paramref name="onStep"/> receives every step's record.</summary>
    public void RunEpoch(TensorDataset train, Action<StepRecord> onStep)
    {
        Epoch++;
        long n = train.Count;
        var order = _options.Shuffle ? Random.Permutation((int)n) : Enumerable.Range(0, (int)n).ToArray();
        var batches = order.Chunk(_options.BatchSize).Select(c => c.Select(i => (long)i).ToArray()).ToList();
        int passes = _strategy.Kind == StrategyKind.AugmentedSampled ? _strategy.AugmentationPasses : 1;

        if (_options.Protocol == Protocol.FullBatch)
        {
            _network.zero_grad();
            double loss = 0, correct = 0, total = 0;
            using (var step = _network.BeginStep()) // θ is fixed within the step: synthesise A = Mθ once, not per minibatch
            {
                foreach (var indices in batches)
                    for (int p = 0; p < passes; p++)
                    {
                        var (l, c, t) = Accumulate(train, indices, (double)indices.Length / n / passes);
                        loss += l; correct += c; total += t;
                    }
                step.Complete();
            }
            onStep(TakeStep(loss, total > 0 ? correct / total : double.NaN));
        }
        else
        {
            foreach (var indices in batches)
            {
                _network.zero_grad();
                double loss = 0, correct = 0, total = 0;
                for (int p = 0; p < passes; p++)
                {
                    var (l, c, t) = Accumulate(train, indices, 1.0 / passes);
                    loss += l; correct += c; total += t;
                }
                onStep(TakeStep(loss, total > 0 ? correct / total : double.NaN));
            }
        }
    }

    /// <summary>Mean loss and accuracy on a dataset without augmentation (no gradient).</summary>
    public EpochRecord Evaluate(TensorDataset data, int batchSize = 500)
    {
        var (loss, correct, total) = Pass(data, batchSize, accumulateGradient: false);
        return new EpochRecord(Epoch, loss, correct / total);
    }

    /// <summary>One pass over a dataset in batches, without augmentation: the mean loss and the accuracy counts; with
    /// <paramref name="accumulateGradient"/> it also adds ∇(mean loss) to the stored gradients.</summary>
    private (double Loss, double Correct, double Total) Pass(TensorDataset data, int batchSize, bool accumulateGradient)
    {
        double loss = 0, correct = 0, total = 0;
        for (long start = 0; start < data.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            using var noGrad = accumulateGradient ? null : no_grad();
            long count = Math.Min(batchSize, data.Count - start);
            var x = data.Inputs.narrow(0, start, count).to_type(_dtype);
            var y = data.Targets.narrow(0, start, count);
            var outputs = _network.call(x);
            var batchLoss = Losses.Compute(_loss, outputs, y);
            if (accumulateGradient) (batchLoss * ((double)count / data.Count)).backward();
            loss += batchLoss.to_type(ScalarType.Float64).item<double>() * count;
            var (c, t) = Losses.Accuracy(_loss, outputs.detach(), y);
            correct += c;
            total += t;
        }
        return (loss / data.Count, correct, total);
    }

    /// <summary>The strategy alone decides Nom/Aug/Equi, so it must match the subspace the network's parametrization
    /// spans: <see cref="StrategyKind.Equivariant"/> needs every layer parametrized in E∩L; the other strategies need
    /// every layer to span its whole admissible space L (else a "nominal" run would silently be equivariant).</summary>
    private static void RequireMatchingParametrization(StructuredNetwork network, TrainingStrategy strategy)
    {
        bool equivariant = strategy.Kind == StrategyKind.Equivariant;
        foreach (var layer in network.Layers)
        {
            int spanned = layer.Parametrization.Count, intersection = layer.Geometry.Intersection.Count, admissible = layer.Geometry.Admissible.Count;
            if (equivariant && spanned != intersection)
                throw new ArgumentException(
                    $"strategy '{strategy.Name}' trains in E∩L, but layer '{layer.GetName()}' is parametrized by {spanned} coefficients per block " +
                    $"while dim E∩L = {intersection}: build the network's equivariant form (e.g. BuildEquivariant, or equivariant: true), " +
                    "or use EquivariantProjected to train a network in L along E∩L");
            if (!equivariant && spanned != admissible)
                throw new ArgumentException(
                    $"strategy '{strategy.Name}' trains in L, but layer '{layer.GetName()}' is parametrized by {spanned} coefficients per block " +
                    $"while dim L = {admissible} (it is the equivariant form, parametrized in E∩L): build the network's nominal form, " +
                    "or use the Equivariant strategy");
        }
    }

    /// <summary>A freshly built network has all-zero weights, where every hidden gradient vanishes and training
    /// silently learns nothing; refuse it and say how to initialise.</summary>
    private static void RequireInitialized(StructuredNetwork network)
    {
        using var _ = no_grad();
        if (network.Coefficients.All(c => c.count_nonzero().item<long>() == 0))
            throw new InvalidOperationException(
                $"network '{network.GetName()}' has all-zero weights (it was never initialised), and training from zero learns nothing: " +
                "load a starting point first, e.g. NetworkInitializer.ProjectedGaussian(network, seed) for a random point of E∩L, " +
                "an architecture's InitializeAsPaper, or LoadWeightsFrom(anotherNetwork)");
    }

    /// <summary>
    /// The mean loss R, accuracy and gradient norm ‖∇_θR‖ on a whole dataset without augmentation (the risk of the
    /// model's own coordinates θ: for an Equi model the gradient restricted to E∩L; projected onto E∩L under
    /// projected-gradient Equi training). Leaves the weights and the stored gradients untouched.
    /// </summary>
    public (double Loss, double Accuracy, double GradientNorm) MeasureRisk(TensorDataset data, int batchSize = 500)
    {
        _network.zero_grad();
        var (loss, correct, total) = Pass(data, batchSize, accumulateGradient: true);
        double gradSq = 0;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            if (_strategy.Kind == StrategyKind.EquivariantProjected)
                foreach (var layer in _network.Layers)
                    ProjectGradient(layer);
            foreach (var p in _network.Coefficients)
                if (p.grad is { } g) gradSq += g.to_type(ScalarType.Float64).pow(2).sum().item<double>();
        }
        _network.zero_grad();
        return (loss, correct / total, Math.Sqrt(gradSq));
    }

    /// <summary>Adds weight × ∇(batch risk) to the gradients; returns weight × loss and the batch's accuracy counts.</summary>
    private (double Loss, long Correct, long Total) Accumulate(TensorDataset train, long[] indices, double weight)
    {
        using var scope = NewDisposeScope();
        var (x, y) = train.Batch(indices);
        x = x.to_type(_dtype);
        (x, y) = _strategy.Kind switch
        {
            StrategyKind.AugmentedExact => _action!.Orbit(x, y),
            StrategyKind.AugmentedSampled when _strategy.Scope == SamplingScope.PerBatch => _action!.Apply(_action.SampleUniform(Random), x, y),
            StrategyKind.AugmentedSampled => _action!.ApplyPerSample(Random, x, y),
            _ => (x, y),
        };
        var outputs = _network.call(x);
        var loss = Losses.Compute(_loss, outputs, y);
        (loss * weight).backward();
        var (correct, total) = Losses.Accuracy(_loss, outputs.detach(), y);
        return (loss.to_type(ScalarType.Float64).item<double>() * weight, correct, total);
    }

    private StepRecord TakeStep(double loss, double accuracy)
    {
        if (double.IsNaN(loss) || double.IsInfinity(loss))
            throw new TrainingDivergedException(Step + 1, Epoch, loss); // before stepping: the weights stay the last good ones
        using (var scope = NewDisposeScope())
        {
            if (_strategy.Gamma > 0)
            {
                var penalty = _network.Layers.Select(l =>
                {
                    var a = l.WeightBlocks();
                    return (a - l.Geometry.Equivariant.Project(a)).pow(2).sum();
                }).Aggregate((p, q) => p + q);
                (penalty * (_strategy.Gamma / 2)).backward();
            }
            using var _ = no_grad();
            if (_strategy.Kind == StrategyKind.EquivariantProjected)
                foreach (var layer in _network.Layers)
                    ProjectGradient(layer);
            double gradSq = 0;
            foreach (var p in _network.Coefficients)
                if (p.grad is { } g) gradSq += g.to_type(ScalarType.Float64).pow(2).sum().item<double>();
            // A rate beyond the parameters' range overflows the step itself: that is divergence, reported as such.
            if (_dtype == ScalarType.Float32 && _options.LearningRateAt(Step) > float.MaxValue)
                throw new TrainingDivergedException(Step + 1, Epoch, $"the learning rate {_options.LearningRateAt(Step):G} overflows float32 parameters");
            Optimizer.Step(_options.LearningRateAt(Step));
            Step++;
            _network.zero_grad();
            return Record(loss, accuracy, Math.Sqrt(gradSq));
        }
    }

    /// <summary>θ-gradient g ← M*Π_{E∩L}M g, i.e. the A-space step −ηΠ_{E∩L}∇R for a unitary M.</summary>
    private static void ProjectGradient(StructuredLayer layer)
    {
        var g = layer.Coefficients.grad!;
        var m = layer.Parametrization;
        g.copy_(m.Analyze(layer.Geometry.Intersection.Project(m.Synthesize(g))));
    }

    private StepRecord Record(double loss, double accuracy, double gradientNorm)
    {
        return new StepRecord(Step, Epoch, loss, accuracy, gradientNorm,
            LayerTelemetry.DistancesToIntersection(_network), LayerTelemetry.Norms(_network),
            LayerTelemetry.DistancesFrom(_network, InitialWeights));
    }
}
