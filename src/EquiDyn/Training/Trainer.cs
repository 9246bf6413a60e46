using EquiDyn.Engine;
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
    private readonly TrainingOptions _options;
    private readonly Risk _risk;         // the strategy's data action: R, R_aug with exact orbits, or sampled
    private readonly Risk _measurement;  // R without augmentation (evaluations, MeasureRisk)
    private readonly ScalarType _dtype;
    private readonly Tensor[] _origin;   // where distances travelled are measured from (LayerTelemetry.Origin)

    /// <summary>Prepares training; the network's current weights are the initial point A⁰.</summary>
    public Trainer(StructuredNetwork network, TrainingStrategy strategy, LossKind loss, TrainingOptions options,
        DataGroupAction? action = null)
    {
        options.Validate();
        if (strategy.AugmentationPasses < 1) throw new ArgumentException("augmentation passes must be at least 1");
        Random = new DataRandom(options.Seed);
        _risk = Risk.Of(strategy, loss, action, Random); // refuses an augmented strategy without a (listable) group action
        _measurement = Risk.Nominal(loss);
        if (strategy.Kind == StrategyKind.EquivariantProjected && network.Layers.Any(l => !l.Parametrization.IsOrthonormal))
            throw new ArgumentException("projected-gradient equivariant training needs a unitary parametrization of every layer");
        if (strategy.Gamma < 0) throw new ArgumentException($"regulariser weight γ must be ≥ 0, got {strategy.Gamma}");
        if (strategy.Kind == StrategyKind.EquivariantProjected && !options.Optimizer.IsCoordinateFree)
            throw new ArgumentException($"{options.Optimizer.Kind} rescales each coordinate of L separately and would leave E∩L under projected-gradient Equi training: use the parametrized Equi strategy (coordinates of E∩L), or sgd/momentum");
        RequireInitialized(network);
        RequireMatchingParametrization(network, strategy);
        _network = network;
        _strategy = strategy;
        _options = options;
        _dtype = network.Coefficients[0].dtype;
        Optimizer = new CoefficientOptimizer(network.Coefficients, options.Optimizer);
        _origin = LayerTelemetry.Origin(network);
        TorchRuntime.ReleaseFreeMemory(); // what building and initialising the network freed is not kept for the run
    }

    /// <summary>The generator of data orders and group elements (its state belongs in a checkpoint).</summary>
    public DataRandom Random { get; }

    /// <summary>The update rule and its state (momentum buffers, Adam moments: they belong in a checkpoint).</summary>
    public CoefficientOptimizer Optimizer { get; }

    /// <summary>Steps taken so far.</summary>
    public long Step { get; set; }

    /// <summary>Epochs completed so far.</summary>
    public int Epoch { get; set; }

    /// <summary>Runs one epoch; <paramref name="onStep"/> receives every step's record.</summary>
    public void RunEpoch(TensorDataset train, Action<StepRecord> onStep)
    {
        Epoch++;
        long n = train.Count;
        var order = _options.Shuffle ? Random.Permutation((int)n) : Enumerable.Range(0, (int)n).ToArray();
        var batches = order.Chunk(_options.BatchSize).Select(c => c.Select(i => (long)i).ToArray()).ToList();

        if (_options.Protocol == Protocol.FullBatch)
        {
            _network.zero_grad();
            RiskValue risk;
            using (var step = _network.BeginStep()) // θ is fixed within the step: synthesise A = Mθ once, not per minibatch
            {
                risk = _risk.Backward(_network, train, batches); // every minibatch weighted by its share of the data
                step.Complete();
            }
            onStep(TakeStep(risk.Loss, risk.Accuracy));
        }
        else
        {
            foreach (var indices in batches)
            {
                _network.zero_grad();
                var risk = _risk.Backward(_network, train, [indices]);
                onStep(TakeStep(risk.Loss, risk.Accuracy));
            }
        }
    }

    /// <summary>Mean loss and accuracy on a dataset without augmentation (no gradient).</summary>
    public EpochRecord Evaluate(TensorDataset data, int batchSize = 500)
    {
        using var step = _network.BeginStep(accumulate: false); // θ is fixed during the pass: synthesise A = Mθ once
        var risk = _measurement.Evaluate(_network, data, batchSize);
        return new EpochRecord(Epoch, risk.Loss, risk.Accuracy);
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
        RiskValue risk;
        using (var step = _network.BeginStep()) // θ is fixed during the pass: synthesise A = Mθ once
        {
            risk = _measurement.Backward(_network, data, batchSize);
            step.Complete();
        }
        double gradSq = 0;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            if (_strategy.Kind == StrategyKind.EquivariantProjected)
                foreach (var layer in _network.Layers)
                    ProjectGradient(layer);
            foreach (var p in _network.Coefficients)
                if (p.grad is { } g) gradSq += LayerTelemetry.SquaredNorm(g);
        }
        _network.zero_grad();
        return (risk.Loss, risk.Accuracy, Math.Sqrt(gradSq));
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
                if (p.grad is { } g) gradSq += LayerTelemetry.SquaredNorm(g);
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
        var (norms, travelled) = LayerTelemetry.Travel(_network, _origin);
        return new StepRecord(Step, Epoch, loss, accuracy, gradientNorm, LayerTelemetry.DistancesToIntersection(_network), norms, travelled);
    }
}
