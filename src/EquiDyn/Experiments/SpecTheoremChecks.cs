using EquiDyn.Analysis;
using EquiDyn.Architectures.LayerList;
using EquiDyn.Checks;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Experiments;

/// <summary>
/// The theorem checks of docs/checks.md (L3/P1, T1, T2) on the model a spec describes (<c>equidyn check --spec</c>): the
/// same layer list in float64, the first samples of the spec's own training data, its loss, and every element of its
/// group (exact orbits).
/// </summary>
/// <remarks>The float64 copy has the spec's widths: the checks compare identities that hold exactly, so the model need
/// not be small, only the sample (default 24 samples × |G| images per risk evaluation).</remarks>
public sealed class SpecTheoremChecks : IDisposable
{
    private readonly LayerListModel _model;

    private SpecTheoremChecks(ExperimentSpec spec, LayerListModel model, TensorDataset data, DataGroupAction action, string description)
    {
        Spec = spec;
        _model = model;
        Data = data;
        Action = action;
        Description = description;
    }

    /// <summary>The spec.</summary>
    public ExperimentSpec Spec { get; }

    /// <summary>The float64 sample the risks are computed on.</summary>
    public TensorDataset Data { get; }

    /// <summary>The group acting on it (all elements listed).</summary>
    public DataGroupAction Action { get; }

    /// <summary>One line: model, group, sample.</summary>
    public string Description { get; }

    /// <summary>The loss of the spec.</summary>
    public LossKind Loss => Spec.Loss;

    /// <summary>Prepares the checks: plans the model, loads the spec's data and keeps its first <paramref name="samples"/>
    /// training samples in float64.</summary>
    /// <exception cref="ExperimentSpecException">The spec does not describe a layers model, or its group cannot be listed.</exception>
    public static SpecTheoremChecks Prepare(ExperimentSpec spec, int samples = 24, TextWriter? log = null)
    {
        if (spec.Architecture.Name != LayerListArchitecture.RegistryName)
            throw new ExperimentSpecException("architecture.name", $"check --spec runs on a layers architecture (docs/your-own-model.md); '{spec.Architecture.Name}' is checked by 'equidyn check all' on its small C4 CNN");
        var model = LayerListArchitecture.Model(spec);
        if (!model.Sites.Group.IsListable)
            throw new ExperimentSpecException("group", $"{model.Sites.Group.Name} has {model.Sites.Group.Order} elements, too many to list: the checks average over whole orbits");
        using var data = ExperimentData.Load(spec, log);
        long n = Math.Min(samples, data.Train.Count);
        var x = data.Train.Inputs.narrow(0, 0, n).to_type(ScalarType.Float64).contiguous().DetachFromDisposeScope();
        var y = data.Train.Targets.narrow(0, 0, n).clone().DetachFromDisposeScope();
        var action = model.DataAction();
        string description = $"{model.Layers.Count} linear layers on {model.InputChannels} channel(s) of {model.Input.Name} ({model.Input.Describe()}), " +
                             $"group {model.Sites.Group.Name} of order {model.Sites.Group.Order}, {n} training samples × {action.Elements!.Count} elements, loss {SpecNames.Of(spec.Loss)}, float64";
        return new SpecTheoremChecks(spec, model, new TensorDataset(x, y), action, description);
    }

    /// <summary>Whether every layer's L is compatible with E.</summary>
    public bool Compatible => _model.Layers.All(l => l.Geometry.Compatibility.IsCompatible);

    /// <summary>(a) L3/P1 at a projected Gaussian point of E∩L.</summary>
    public ExactAugmentationResult Augmentation(long seed)
    {
        using var scope = NewDisposeScope();
        var net = _model.Build(ScalarType.Float64, LayerListParametrization.Unitary);
        LayerListModel.Initialize(net, seed);
        return ExactAugmentationCheck.Run(net, Data, Loss, Action);
    }

    /// <summary>The refinement budget of <see cref="Stationary"/>: the built-in check's tolerance, with room for a user's
    /// model (more L-BFGS iterations, and the damped Newton finish up to 1,000 E∩L coordinates: the small float64 copy's
    /// dense E∩L Hessian then costs at most 1,000 Hessian-vector products per Newton step).</summary>
    public static RefinementOptions Refinement { get; } = StationaryPointCheck.DefaultRefinement with
    {
        MaxIterations = 300, MaxEvaluations = 1200, NewtonRankLimit = 1000,
    };

    /// <summary>(b) T1 at an Equi-stationary point reached by the refiner (<see cref="StationaryPointCheck"/>). A user's model
    /// may have no stationary point the refiner reaches within <see cref="Refinement"/> (cross-entropy on separable samples
    /// keeps falling as the weights grow); <see cref="StationaryAgrees"/> then judges the identity behind T1 at the point
    /// reached.</summary>
    public StationaryPointResult Stationary(long seed)
    {
        using var scope = NewDisposeScope();
        var net = _model.Build(ScalarType.Float64, LayerListParametrization.Unitary);
        LayerListModel.Initialize(net, seed);
        return StationaryPointCheck.Run(net, Data, Loss, Action, Refinement);
    }

    /// <summary>Whether (b) agrees with T1: at a stationary point, <see cref="StationaryPointResult.MatchesTheory"/>; where the
    /// refinement stopped short, the identity Π_LΠ_E∇R = Π_{E∩L}∇R on E∩L that T1 rests on (relative discrepancy ≤ 1e-10,
    /// float64 rounding of two gradient evaluations, under compatibility; ≥ 1e-6 without it).</summary>
    public static bool StationaryAgrees(StationaryPointResult r) => r.EquiStationary
        ? r.MatchesTheory
        : r.Compatible ? r.RelativeDiscrepancy <= 1e-10 : r.RelativeDiscrepancy >= 1e-6;

    /// <summary>(c, d) T2: exact-orbit full-batch GD from one point of E∩L with the unitary parametrization (stays in
    /// E∩L iff every layer is compatible), the non-unitary one when a convolution has a support of several taps
    /// (leaves), and nominal training (leaves); the equivariant trajectory is the reference.</summary>
    public IReadOnlyList<InvarianceArmResult> Invariance(long seed, int steps, double learningRate, Action<string>? log = null)
    {
        var reference = _model.Build(ScalarType.Float64, LayerListParametrization.Intersection);
        var start = LayerListModel.Initialize(_model.Build(ScalarType.Float64, LayerListParametrization.Unitary), seed);
        for (int k = 0; k < reference.Layers.Count; k++) reference.Layers[k].LoadWeightBlocks(start[k]);
        StructuredNetwork Start(LayerListParametrization p)
        {
            var net = _model.Build(ScalarType.Float64, p, EquiDyn.Architectures.ArchitectureSeeds.Basis(seed));
            for (int k = 0; k < net.Layers.Count; k++) net.Layers[k].LoadWeightBlocks(start[k]);
            return net;
        }
        var aug = new TrainingStrategy(StrategyKind.AugmentedExact);
        var arms = new List<InvarianceArm> { new("augmented", Start(LayerListParametrization.Unitary), aug, Compatible) };
        if (_model.Layers.Any(l => l.Mask is { } m && m.Count(b => b) > 1))
            arms.Add(new InvarianceArm("aug-nonunitary", Start(LayerListParametrization.NonUnitary), aug, false));
        arms.Add(new InvarianceArm("nominal", Start(LayerListParametrization.Unitary), new TrainingStrategy(StrategyKind.Nominal), false));
        return InvarianceCheck.Run(arms, reference, Data, Loss, Action, learningRate, steps, log: log);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Data.Inputs.Dispose();
        Data.Targets.Dispose();
    }
}
