using EquiDyn.Geometry;
using EquiDyn.Symmetry;

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
/// <param name="Support">The support as written in the spec.</param>
/// <param name="Unitary">Whether the parametrization of L is unitary (orthonormal basis).</param>
/// <param name="Augmentation">How the arm trains.</param>
/// <param name="Layers">Per layer.</param>
public sealed record ArmGeometry(string Arm, string Support, bool Unitary, string Augmentation, IReadOnlyList<LayerGeometryRow> Layers)
{
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
/// The geometry of the arms of a spec, computed exactly with <see cref="LayerGeometry"/>: for the paper's C4 CNN
/// (<c>rotation-convnet</c>) conv1–conv3 are 3×3 kernels on the arm's support and the linear head maps the
/// (n/4)×(n/4) grid of every channel to the trivially acted-on class scores, with L = H (docs/experiments/mnist-c4.md).
/// </summary>
public static class NetworkGeometry
{
    /// <summary>The geometry of every arm that has a support, or an empty list with the reason when the spec's
    /// architecture is not one this knows.</summary>
    public static (IReadOnlyList<ArmGeometry> Arms, string? Unsupported) Analyze(RunCollection runs)
    {
        if (runs.Architecture != "rotation-convnet" || !(GroupRegistry.TryParse(runs.Group ?? "c4", out var group, out _) && group.ToString() == "c4"))
            return (Array.Empty<ArmGeometry>(), $"layer geometry is computed for the C4 CNN (architecture rotation-convnet, group c4); " +
                                                $"this spec has architecture '{runs.Architecture ?? "?"}', group '{runs.Group ?? "?"}'. " +
                                                "Use 'equidyn geometry' for its layers.");
        var hidden = runs.Hidden.Count == 3 ? runs.Hidden : new[] { 32, 64, 64 };
        int classes = runs.Classes ?? 10;
        int grid = (runs.ImageSize ?? 28) / 4;
        var rotation = new CyclicGroup(4);
        var head = LayerGeometry.Analyze(LayerSpace.Dense(rotation.OnGrid(grid), SiteAction.Trivial(rotation, 1, "class score")),
            AdmissibleSpace.Full(grid * grid));
        var arms = new List<ArmGeometry>();
        var cache = new Dictionary<string, LayerGeometry>();
        foreach (var arm in runs.Arms.Where(a => a.Support is not null))
        {
            if (!KernelSupport.TryParse(arm.Support, out var support, out _)) continue;
            if (!cache.TryGetValue(support!.Pattern, out var kernel))
                cache[support.Pattern] = kernel = LayerGeometry.Analyze(LayerSpace.Kernel(rotation.OnKernelTaps()), support.ToAdmissibleSpace());
            var layers = new List<LayerGeometryRow>
            {
                Row("conv1", "3×3 kernel", 1L * hidden[0], kernel),
                Row("conv2", "3×3 kernel", 1L * hidden[0] * hidden[1], kernel),
                Row("conv3", "3×3 kernel", 1L * hidden[1] * hidden[2], kernel),
                Row("linear", $"{grid}×{grid} grid → class score", 1L * hidden[2] * classes, head),
            };
            arms.Add(new ArmGeometry(arm.Name, arm.Support!, (arm.Basis ?? "unitary") == "unitary", arm.Augmentation ?? "?", layers));
        }
        return (arms, null);
    }

    private static LayerGeometryRow Row(string name, string shape, long pairs, LayerGeometry g) => new(name, shape, pairs,
        g.AmbientDimension, g.AdmissibleDimension, g.EquivariantDimension, g.IntersectionDimension, g.Compatibility.IsCompatible,
        g.Compatibility.CommutatorNorm,
        g.Compatibility.StraddlingOrbits.Select(o => $"{{{string.Join(",", o.Labels)}}}, inside {{{string.Join(",", o.LabelsInSupport)}}}").ToList());
}
