using System.Globalization;
using EquiDyn.Analysis;
using EquiDyn.Architectures;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Runs;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Experiments;

/// <summary>What <see cref="CheckpointStabilityProblem.Load"/> found and built.</summary>
/// <param name="Problem">The stability problem at the checkpoint's point (float64, unitary coordinates of 𝓛).</param>
/// <param name="Checkpoint">The checkpoint file.</param>
/// <param name="Spec">The spec it was trained with.</param>
/// <param name="Arm">The arm whose admissible space 𝓛 the analysis uses.</param>
/// <param name="State">The checkpoint's state (phase, epoch, step, completed).</param>
/// <param name="DistanceToIntersection">‖θ − Π_{𝓔∩𝓛}θ‖ of the analysed point (0 up to rounding for an Equi-phase
/// checkpoint; the drift off 𝓔∩𝓛 for an Aug-phase one unless projected).</param>
/// <param name="Projected">Whether the point was projected onto 𝓔∩𝓛 before the analysis.</param>
/// <param name="Notes">Human-readable lines about choices made (basis conversion, projection).</param>
public sealed record CheckpointStability(StabilityProblem Problem, string Checkpoint, ExperimentSpec Spec, ArmSpec Arm,
    CheckpointState State, double DistanceToIntersection, bool Projected, IReadOnlyList<string> Notes);

/// <summary>Settings of <see cref="CheckpointStabilityProblem.Load"/>.</summary>
public sealed record CheckpointStabilityOptions
{
    /// <summary>Training samples in the risk (each with its whole orbit); null: all. Default 16 (see docs/stability.md for
    /// the measured cost per Hessian-vector product on mnist-c4).</summary>
    public int? Samples { get; init; } = 16;

    /// <summary>Seed of the fixed sample subset (<see cref="NetworkStabilityOptions.SampleSeed"/>).</summary>
    public ulong SampleSeed { get; init; }

    /// <summary>Analyse Π_{𝓔∩𝓛}θ instead of θ (for Aug-phase checkpoints, which have drifted off 𝓔∩𝓛).</summary>
    public bool ProjectOntoIntersection { get; init; }

    /// <summary>For a sweep's shared Equi phase (<c>equivariant-&lt;support&gt;-seed&lt;k&gt;</c>), the arm whose 𝓛 to
    /// transfer into; null: the first unitary arm with that support.</summary>
    public string? Arm { get; init; }

    /// <summary>Where progress lines of data loading go (null: nowhere).</summary>
    public TextWriter? Log { get; init; }
}

/// <summary>Builds the <see cref="StabilityProblem"/> of a checkpoint written by <see cref="ExperimentRunner"/>: the
/// network rebuilt in float64 from the spec saved beside it, the weights loaded, transferred into the unitary
/// parametrization of the arm's 𝓛, and the exactly augmented risk over a fixed subset of the spec's training data.</summary>
/// <remarks>
/// <para>Accepted paths: a checkpoint file, or the directory holding <c>checkpoint.npz</c> — a run directory
/// <c>&lt;arm&gt;-seed&lt;k&gt;/</c> (its spec.json names the arm; the checkpoint is of the Aug or strategy phase) or a
/// shared Equi directory <c>equivariant-&lt;support&gt;-seed&lt;k&gt;/</c> (the sweep's spec.json one level up; the
/// equivariant model's point is transferred into an arm's model in 𝓛, exactly as the runner does before the Aug phase).</para>
/// <para>The analysis always runs in unitary coordinates of 𝓛: a non-unitary arm's weights A = Mθ are re-expressed in the
/// indicator basis of the same support (the point A is unchanged; only the coordinates differ, and the θ-Hessian of a
/// non-unitary M would be M*HM, which is not the block structure of docs/stability.md).</para>
/// </remarks>
public static class CheckpointStabilityProblem
{
    private const string CheckpointFile = RunLayout.CheckpointFile;

    /// <summary>Loads a checkpoint and builds its stability problem.</summary>
    /// <exception cref="FileNotFoundException">No checkpoint or no spec.json was found (the message says where it looked).</exception>
    /// <exception cref="InvalidDataException">The spec and the checkpoint do not fit together.</exception>
    public static CheckpointStability Load(string path, CheckpointStabilityOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new CheckpointStabilityOptions();
        string checkpoint = Directory.Exists(path) ? Path.Combine(path, CheckpointFile) : path;
        if (!File.Exists(checkpoint))
            throw new FileNotFoundException($"{path}: no checkpoint (expected a checkpoint file or a run directory holding {CheckpointFile})", checkpoint);
        string directory = Path.GetDirectoryName(Path.GetFullPath(checkpoint))!;
        string? specPath = new[] { Path.Combine(directory, RunLayout.SpecFile), Path.Combine(Path.GetDirectoryName(directory) ?? directory, RunLayout.SpecFile) }
            .FirstOrDefault(File.Exists);
        if (specPath is null)
            throw new FileNotFoundException($"{checkpoint}: no spec.json beside it or in its sweep directory to rebuild the architecture from");
        var spec = ExperimentSpec.Load(specPath);
        var state = Checkpoint.ReadState(checkpoint);
        var arm = ResolveArm(spec, state, directory, options.Arm);
        var notes = new List<string>();

        using var scope = NewDisposeScope();
        var (network, action, loss) = Rebuild(spec, arm, state, checkpoint, spec.RunSeed ?? SeedOf(directory), notes);
        if (action.Elements is null)
            throw new InvalidDataException($"{checkpoint}: the group of arm '{arm.Name}' ({action.GroupName}) is too large to list, and the stability analysis needs the exact orbit average");
        var coordinates = new NetworkCoordinates(network);
        if (options.ProjectOntoIntersection)
        {
            coordinates.Load(coordinates.ProjectIntersection(coordinates.Flatten()));
            notes.Add("projected onto E∩L before the analysis (--project)");
        }
        double distance = Math.Sqrt(coordinates.DistancesToIntersection(coordinates.Flatten()).Sum(d => d * d));

        using var data = ExperimentData.Load(spec.Dataset, options.Log);
        string name = $"{Path.GetFileName(directory)}/{state.Phase}";
        var samples = NetworkStabilityProblem.SubsetIndices(data.Train.Count, options.Samples, options.SampleSeed).Length;
        string description = string.Create(CultureInfo.InvariantCulture,
            $"{checkpoint}: {spec.Preset} {SpecNames.Of(spec.Scale)}, arm {arm.Name}{(arm.Support is null ? "" : $" (support {arm.Support})")}, phase {state.Phase} epoch {state.Epoch}; " +
            $"n = {coordinates.Dimension}, dim E∩L = {coordinates.IntersectionRank}, distance to E∩L {distance:E3}; " +
            $"R_aug = {SpecNames.Of(spec.Loss)} over {samples} of {data.Train.Count} training samples (seed {options.SampleSeed}) × {action.Elements!.Count} group elements.");
        var problem = NetworkStabilityProblem.Create(network, data.Train, loss, action, new NetworkStabilityOptions
        {
            Samples = options.Samples,
            SampleSeed = options.SampleSeed,
            Name = name,
            Description = description,
        });
        return new CheckpointStability(problem, checkpoint, spec, arm, state, distance, options.ProjectOntoIntersection, notes);
    }

    private static ArmSpec ResolveArm(ExperimentSpec spec, CheckpointState state, string directory, string? requested)
    {
        string? wanted = requested ?? spec.RunArm;
        if (wanted is not null)
            return spec.Arms.FirstOrDefault(a => a.Name == wanted)
                   ?? throw new InvalidDataException($"arm '{wanted}' is not in the spec (arms: {string.Join(", ", spec.Arms.Select(a => a.Name))})");
        // A shared Equi phase: equivariant-<support key>-seed<k>.
        string folder = Path.GetFileName(directory);
        if (state.Phase == "equivariant" && RunLayout.TryParseEquivariantName(folder, out var key, out _))
        {
            var candidates = spec.Arms.Where(a => RunLayout.SupportKey(a.Support) == key).ToList();
            return candidates.FirstOrDefault(a => a.Basis == KernelBasisKind.Unitary) ?? candidates.FirstOrDefault()
                   ?? throw new InvalidDataException($"{folder}: no arm of the spec has support '{key}'");
        }
        throw new InvalidDataException($"{directory}: cannot tell which arm the checkpoint belongs to (no runArm in spec.json); pass the arm");
    }

    private static long SeedOf(string directory) =>
        RunLayout.TryParseRunName(Path.GetFileName(directory), out _, out long seed) ? seed : 0;

    private static (StructuredNetwork Network, DataGroupAction Action, LossKind Loss) Rebuild(
        ExperimentSpec spec, ArmSpec arm, CheckpointState state, string checkpoint, long seed, List<string> notes)
    {
        const ScalarType f64 = ScalarType.Float64;
        var architecture = ArchitectureRegistry.Of(spec);
        var unitary = architecture.Build(spec, arm with { Basis = KernelBasisKind.Unitary }, ModelSpace.Admissible, f64, seed);
        if (state.Phase == "equivariant" || arm.Strategy == ArmStrategy.Equivariant)
        {
            var eqv = architecture.Build(spec, arm, ModelSpace.Equivariant, f64, seed);
            Checkpoint.Load(checkpoint, eqv);
            unitary.LoadWeightsFrom(eqv);
            notes.Add(state.Phase == "equivariant"
                ? $"Equi-phase checkpoint transferred into arm {arm.Name}'s model in L (unitary basis), as the runner does before the Aug phase"
                : "equivariant arm: its point in E∩L transferred into the nominal model in L");
        }
        else if (arm.Basis == KernelBasisKind.Unitary)
        {
            Checkpoint.Load(checkpoint, unitary);
        }
        else
        {
            var trained = architecture.Build(spec, arm, ModelSpace.Admissible, f64, seed);
            Checkpoint.Load(checkpoint, trained);
            unitary.LoadWeightsFrom(trained);
            notes.Add("non-unitary arm: weights A = Mθ re-expressed in the unitary indicator basis of the same L");
        }
        return (unitary, architecture.DataAction(spec, arm), spec.Loss);
    }
}
