using EquiDyn.Architectures;
using EquiDyn.Experiments;
using EquiDyn.Nn;

namespace EquiDyn.Reporting;

/// <summary>The geometry of one layer of an arm's network: dimensions per channel pair and in total.</summary>
/// <param name="Layer">Layer name (conv1 … linear).</param>
/// <param name="Shape">What one channel pair is (a 3×3 kernel, a 7×7 grid → class score).</param>
/// <param name="ChannelPairs">Number of (output, input) channel pairs.</param>
/// <param name="H">dim H per pair.</param>
/// <param name="L">dim L per pair.</param>
/// <param name="E">dim E per pair.</param>
/// <param name="EIntersectL">dim E∩L per pair.</param>
/// <param name="Compatible">Whether Π_L and Π_E commute.</param>
/// <param name="CommutatorNorm">‖Π_LΠ_E − Π_EΠ_L‖₂.</param>
/// <param name="StraddlingOrbits">Orbits with entries both inside and outside the support (labels), empty when compatible.</param>
public sealed record LayerGeometryRow(string Layer, string Shape, long ChannelPairs, int H, int L, int E, int EIntersectL, bool Compatible,
    double CommutatorNorm, IReadOnlyList<string> StraddlingOrbits);

/// <summary>The geometry of one arm: its support and basis, every layer, and which hypotheses of T2 hold.</summary>
/// <param name="Arm">The arm.</param>
/// <param name="Support">The kernel support as written in the spec (null: the architecture has no kernels).</param>
/// <param name="Unitary">Whether the parametrization of L is unitary (orthonormal basis).</param>
/// <param name="Augmentation">How the arm trains.</param>
/// <param name="Layers">Per layer.</param>
public sealed record ArmGeometry(string Arm, string? Support, bool Unitary, string Augmentation, IReadOnlyList<LayerGeometryRow> Layers)
{
    /// <summary>The arm's group as the spec names it (the arm's own, else the spec's).</summary>
    public string Group { get; init; } = "";

    /// <summary>Every layer compatible.</summary>
    public bool Compatible => Layers.All(l => l.Compatible);

    /// <summary>What T2 (invariance of E∩L under augmented training) needs and whether the arm has it.</summary>
    public string TheoremTwoVerdict =>
        !Compatible ? "no: L is incompatible with E"
        : !Unitary ? "no: the parametrization is not unitary"
        : Augmentation switch
        {
            "exact-orbits" => "yes: compatible, unitary, exact orbit averaging in every step",
            "orbit-dataset" => "in expectation: compatible and unitary, but minibatches of the orbit data set do not hold whole orbits (SGD noise)",
            "sampled" => "in expectation only: sampled group elements",
            "equivariant" => "trivially: equivariant training stays in E∩L",
            _ => "no: not augmented",
        };
}

/// <summary>
/// The geometry of the arms of a spec, computed exactly by the spec's architecture (<see cref="IArchitecture.Describe"/>):
/// for the paper's C4 CNN conv1–conv3 are 3×3 kernels on the arm's support and the linear head maps the (n/4)×(n/4)
/// grid of every channel to the trivially acted-on class scores (docs/experiments/mnist-c4.md); for the MLPs the dense
/// site layers, the invariant head and the fully connected layers of the arm's group.
/// </summary>
public static class NetworkGeometry
{
    /// <summary>The geometry of every arm, or an empty list with the reason when the sweep's spec cannot be read.</summary>
    public static (IReadOnlyList<ArmGeometry> Arms, string? Unsupported) Analyze(RunCollection runs)
    {
        if (runs.SpecPath is null)
            return (Array.Empty<ArmGeometry>(), "no spec.json was found, so the layers are unknown. Use 'equidyn geometry' for its layers.");
        ExperimentSpec spec;
        try
        {
            spec = ExperimentSpec.Load(runs.SpecPath);
        }
        catch (Exception e) when (e is ExperimentSpecException or IOException)
        {
            return (Array.Empty<ArmGeometry>(), $"the spec could not be read ({e.Message}). Use 'equidyn geometry' for its layers.");
        }
        return (Analyze(spec), null);
    }

    /// <summary>The geometry of every arm of a spec.</summary>
    public static IReadOnlyList<ArmGeometry> Analyze(ExperimentSpec spec)
    {
        var architecture = ArchitectureRegistry.Of(spec);
        return spec.Arms.Select(arm => new ArmGeometry(arm.Name, arm.Support, arm.Basis == KernelBasisKind.Unitary,
            arm.Augmentation is { } a ? SpecNames.Of(a) : SpecNames.Of(arm.Strategy),
            architecture.Describe(spec, arm).Select(Row).ToList()) { Group = arm.Group ?? spec.Group }).ToList();
    }

    private static LayerGeometryRow Row(LayerDescription layer)
    {
        var g = layer.Geometry;
        return new(layer.Layer, layer.Shape, layer.ChannelPairs, g.AmbientDimension, g.AdmissibleDimension, g.EquivariantDimension,
            g.IntersectionDimension, g.Compatibility.IsCompatible, g.Compatibility.CommutatorNorm,
            g.Compatibility.StraddlingOrbits.Select(o => $"{{{string.Join(",", o.Labels)}}}, inside {{{string.Join(",", o.LabelsInSupport)}}}").ToList());
    }
}
