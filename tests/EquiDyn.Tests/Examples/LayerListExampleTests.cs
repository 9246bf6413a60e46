using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using EquiDyn.Experiments;
using EquiDyn.Tests.Data;
using EquiDyn.Tests.Support;

namespace EquiDyn.Tests.Examples;

/// <summary>The shipped layer-list examples (docs/your-own-model.md): ring-d6 end to end at a tiny scale through every
/// command, and the D4 Fashion-MNIST spec's model.</summary>
public class LayerListExampleTests
{
    private static string Examples([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "examples"));

    /// <summary>Runs an example spec (seed 0, 2 Aug epochs) into <paramref name="root"/>; returns the spec's path, the
    /// sweep directory and each arm's final distance from E∩L.</summary>
    private static (string Spec, string Sweep, Func<string, double> Final) RunExample(string name, TempDirectory root)
    {
        string spec = Path.Combine(Examples(), $"{name}.json"), sweep = Path.Combine(root.Path, "sweep");
        var (exit, output, err) = CliRunner.Run("run", "--spec", spec, "--out", sweep, "--plain", "--set", "augmentedPhase.epochs=2", "--set", "seeds=[0]");
        Assert.True(exit == 0, err + output);
        return (spec, sweep, arm => JsonNode.Parse(File.ReadAllText(Path.Combine(sweep, $"{arm}-seed0", "summary.json")))!["finalDistance"]!.GetValue<double>());
    }

    [Fact]
    public void TheRingSpecNamesItsDataRelativeToItself()
    {
        var spec = ExperimentSpec.Load(Path.Combine(Examples(), "ring-d6.json"));
        Assert.Equal(Path.Combine(Examples(), "ring-d6", "train-x.npy"), spec.Dataset.Train!.Inputs);
        Assert.Equal(Path.Combine(Examples(), "ring-d6", "test-y.npy"), spec.Dataset.Test!.Labels);
        Assert.Equal("D6", spec.Group);
        Assert.Equal(12, EquiDyn.Architectures.LayerList.LayerListArchitecture.Model(spec).Sites.Group.Order);
    }

    [Fact]
    public void TheRingExampleRunsNomAugEquiAndEveryCommandWorksOnIt()
    {
        using var root = new TempDirectory();
        var (spec, sweep, Final) = RunExample("ring-d6", root);
        int exit;
        string output, err;
        // T2 (docs/checks.md): every layer is compatible (dense, L = H), so exact-orbit Aug from a point of E∩L stays there
        // up to float64 rounding over 20 steps; Equi stays by construction; Nom's gradient has a part off E from the start.
        Assert.InRange(Final("equivariant"), 0, 1e-12);
        Assert.InRange(Final("augmented"), 0, 1e-9);
        Assert.True(Final("nominal") > 1e-3, $"nominal stayed within {Final("nominal")} of E∩L");

        (exit, output, err) = CliRunner.Run("geometry", "--spec", spec);
        Assert.True(exit == 0, err);
        // D6 acting on the 12 ring sites by i ↦ i+2 and i ↦ −i: orbits of the 144 entries (o, i) of a 12×12 block by Burnside:
        // (144 [e] + 0 [5 non-trivial rotations move every site] + 6·4 [reflections i ↦ 2k−i fix 2 sites each, 2² pairs]) / 12 = 14.
        Assert.Matches(@"dense1\s+ring \(12 sites\) → ring \(12 sites\)\s+6\s+144\s+144\s+14\s+14\s+yes", output);
        Assert.DoesNotContain("support", output.Split('\n').First(l => l.StartsWith("dense1", StringComparison.Ordinal)));

        (exit, output, err) = CliRunner.Run("check", "all", "--spec", spec, "--steps", "10");
        Assert.True(exit == 0, err + output);
        Assert.Contains("verdict: every check agrees with the theory", output);
        Assert.Contains("group D6 of order 12", output);

        (exit, output, err) = CliRunner.Run("stability", Path.Combine(sweep, "augmented-seed0"), "--samples", "4", "--max-products", "10", "--steps", "20");
        Assert.True(exit == 0, err + output);
        Assert.Contains("Stability analysis: augmented-seed0/training", output);

        (exit, _, err) = CliRunner.Run("plot", sweep);
        Assert.True(exit == 0, err);
        (exit, _, err) = CliRunner.Run("report", sweep);
        Assert.True(exit == 0, err);
        string report = File.ReadAllText(Path.Combine(sweep, "report.html"));
        Assert.DoesNotContain("support cross", report);
        Assert.Contains("dense1", report);
        Assert.Contains("defined in the spec by 2 generator(s) (r, f)", report);
        Assert.DoesNotContain("28×28", report);
    }

    [Fact]
    public void TheMirrorExampleWithAnEquivariantHeadRunsAndEveryCommandWorksOnIt()
    {
        using var root = new TempDirectory();
        var (spec, sweep, Final) = RunExample("mirror-swap", root);
        int exit;
        string output, err;
        // T2 with labels that move: exact orbits pair every mirrored signal with the swapped class, so the augmented
        // gradient at a point of E∩L is its projection (P1) and Aug stays in E∩L to rounding. Had the labels stayed
        // put, the loss would not be invariant under the joint action and Aug would leave E∩L from the first step.
        Assert.InRange(Final("equivariant"), 0, 1e-12);
        Assert.InRange(Final("augmented"), 0, 1e-9);
        Assert.True(Final("nominal") > 1e-3, $"nominal stayed within {Final("nominal")} of E∩L");

        (exit, output, err) = CliRunner.Run("geometry", "--spec", spec);
        Assert.True(exit == 0, err);
        // Burnside for Z2 on half (5 sites) × classes (3 sites): m fixes the entry (class 2, site 2) only: (15 + 1) / 2 = 8.
        Assert.Matches(@"head\s+half \(5 sites\) → classes \(3 sites\)\s+6\s+15\s+15\s+8\s+8\s+yes", output);

        (exit, output, err) = CliRunner.Run("check", "all", "--spec", spec, "--steps", "10");
        Assert.True(exit == 0, err + output);
        Assert.Contains("verdict: every check agrees with the theory", output);
        Assert.Contains("group Z2 of order 2", output);

        (exit, output, err) = CliRunner.Run("stability", Path.Combine(sweep, "augmented-seed0"), "--samples", "4", "--max-products", "10", "--steps", "20");
        Assert.True(exit == 0, err + output);
        (exit, _, err) = CliRunner.Run("report", sweep, "--no-checks");
        Assert.True(exit == 0, err);
        Assert.Contains("the group permutes the classes as the site set classes", File.ReadAllText(Path.Combine(sweep, "report.html")));
    }

    [Fact]
    public void TheD4FashionMnistSpecDescribesACompatibleDiscSupportedCnn()
    {
        var spec = ExperimentSpec.Load(Path.Combine(Examples(), "d4-fashion-mnist.json"));
        var geometry = EquiDyn.Architectures.LayerList.LayerListArchitecture.Model(spec).Geometry();
        Assert.Equal("8", geometry.Order);
        // D4 on 5×5 taps has 6 orbits; the disc leaves out the corner orbit (see LayerListModelTests).
        Assert.All(geometry.Layers.Take(3), l => Assert.Equal((25, 21, 6, 5, true), (l.H, l.L, l.E, l.EIntersectL, l.Compatible)));
        // Burnside for D4 on a 7×7 grid: (49 + 1 + 1 + 1 + 4·7) / 8 = 10 orbits.
        Assert.Equal((49, 10), (geometry.Layers[3].H, geometry.Layers[3].E));
    }
}
