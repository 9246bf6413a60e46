using EquiDyn.Nn;
using EquiDyn.Tests.Support;
using System.CommandLine;
using System.Text.Json;
using EquiDyn.Analysis;
using EquiDyn.Cli.Commands;
using EquiDyn.Experiments;
using EquiDyn.Tests.Data;
using Xunit.Abstractions;

namespace EquiDyn.Tests.Experiments;

/// <summary>The stability analysis of checkpoints written by the runner (a tiny synthetic mnist-c4 sweep), through the
/// library and through <c>equidyn stability &lt;checkpoint&gt;</c>.</summary>
public sealed class CheckpointStabilityTests(CheckpointStabilityTests.Sweep sweep, ITestOutputHelper output) : IClassFixture<CheckpointStabilityTests.Sweep>
{
    /// <summary>One sweep shared by the tests: cross, skew and non-unitary arms, 12×12 images (the head sees a 3×3 grid).</summary>
    public sealed class Sweep : IDisposable
    {
        private readonly TempDirectory _root = new();

        public Sweep()
        {
            Directory = Path.Combine(_root.Path, "sweep");
            var spec = RunnerTests.Tiny(Directory) with
            {
                Dataset = new DatasetSpec { Name = DatasetName.Synthetic, ImageSize = 12, SyntheticTrain = 16, SyntheticTest = 4 },
                Arms = new()
                {
                    new ArmSpec { Name = "cross", Support = "cross", Augmentation = AugmentationKind.OrbitDataset },
                    new ArmSpec { Name = "non-unitary", Support = "cross", Basis = KernelBasisKind.NonUnitary, Augmentation = AugmentationKind.OrbitDataset },
                    new ArmSpec { Name = "skew", Support = "skew", Augmentation = AugmentationKind.OrbitDataset },
                },
            };
            using var data = ExperimentData.Load(spec.Dataset);
            new ExperimentRunner(spec, Directory).Run(data, Shard.All);
        }

        public string Directory { get; }

        public void Dispose() => _root.Dispose();
    }

    [Fact]
    public void AnEquiPhaseCheckpointIsAnalysedThroughTheCliWithAVanishingCrossBlock()
    {
        using var outDir = new TempDirectory();
        var (exit, stdout, stderr) = Run("stability", Path.Combine(sweep.Directory, "equivariant-cross-seed3"),
            "--samples", "8", "--max-products", "12", "--out", outDir.Path);
        output.WriteLine(stdout + stderr);
        Assert.Equal(0, exit);
        Assert.Contains("Equi-phase checkpoint transferred", stdout);
        Assert.Contains("analysis took", stdout);
        foreach (var png in new[] { "stability-spectra.png", "stability-ritz.png", "stability-growth.png" })
            Assert.True(File.Exists(Path.Combine(outDir.Path, png)), png);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir.Path, "stability.json")));
        var root = json.RootElement;
        Assert.Equal("equivariant-cross-seed3/equivariant", root.GetProperty("problem").GetString());
        // Exact weight transfer: the point lies in E∩L, so P1 and the block structure of docs/stability.md hold to rounding.
        Assert.True(root.GetProperty("augmentedGradient").GetProperty("complementNorm").GetDouble() < 1e-12);
        Assert.True(root.GetProperty("crossBlock").GetProperty("relative").GetDouble() <= 1e-8);
        Assert.True(root.GetProperty("equivariantBlock").GetProperty("pairs").GetArrayLength() > 0);
    }

    [Fact]
    public void RefineReachesAStationaryPointOnEIntersectLBeforeTheAnalysis()
    {
        string equi = Path.Combine(sweep.Directory, "equivariant-cross-seed3");
        var (exit, stdout, stderr) = Run("stability", equi, "--samples", "4", "--max-products", "12", "--refine", "--refine-tol", "1e-6", "--json");
        output.WriteLine(stderr);
        Assert.Equal(0, exit);
        Assert.Contains("refined: stationary after", stderr);
        using var refined = JsonDocument.Parse(stdout);
        var (_, plain, _) = Run("stability", equi, "--samples", "4", "--max-products", "12", "--json");
        using var unrefined = JsonDocument.Parse(plain);
        double before = unrefined.RootElement.GetProperty("augmentedGradient").GetProperty("equivariantNorm").GetDouble();
        double after = refined.RootElement.GetProperty("augmentedGradient").GetProperty("equivariantNorm").GetDouble();
        // The analysed point is the refined one: its E∩L gradient fell by the requested factor, and it is still in E∩L
        // (no E⊥∩L gradient, P1).
        Assert.True(after <= 1e-6 * before * 1.0001, $"{before} → {after}");
        Assert.True(refined.RootElement.GetProperty("augmentedGradient").GetProperty("complementNorm").GetDouble() < 1e-12);
    }

    [Fact]
    public void RefineSaysClearlyWhenItDoesNotConvergeInItsBudget()
    {
        var (exit, stdout, _) = Run("stability", Path.Combine(sweep.Directory, "equivariant-cross-seed3"), "--samples", "4",
            "--max-products", "12", "--refine", "--refine-iterations", "2");
        Assert.Equal(0, exit);
        Assert.Contains("refinement did NOT converge: iteration budget (2) spent", stdout);
    }

    [Fact]
    public void AugPhaseCheckpointsOfEveryArmLoadInUnitaryCoordinatesAndCanBeProjected()
    {
        foreach (var arm in new[] { "cross", "non-unitary", "skew" })
        {
            var loaded = CheckpointStabilityProblem.Load(Path.Combine(sweep.Directory, $"{arm}-seed3"), new CheckpointStabilityOptions { Samples = 4 });
            output.WriteLine($"{arm}: {loaded.Problem.Description} | {string.Join("; ", loaded.Notes)}");
            Assert.Equal("augmented", loaded.State.Phase);
            Assert.Equal(arm, loaded.Arm.Name);
            Assert.True(loaded.DistanceToIntersection > 1e-8, $"{arm}: Aug training moved off E∩L ({loaded.DistanceToIntersection:E2})");
            Assert.Equal(arm == "non-unitary", loaded.Notes.Any(n => n.Contains("re-expressed", StringComparison.Ordinal)));
            Assert.Equal(arm == "skew" ? "L⊖(E∩L)" : "E⊥∩L", loaded.Problem.Complement.Name);

            var projected = CheckpointStabilityProblem.Load(Path.Combine(sweep.Directory, $"{arm}-seed3", "checkpoint.npz"),
                new CheckpointStabilityOptions { Samples = 4, ProjectOntoIntersection = true });
            Assert.True(projected.DistanceToIntersection < 1e-12, $"{arm}: {projected.DistanceToIntersection:E2}");
        }
    }

    [Fact]
    public void TheLoadedRiskIsTheCheckpointsExactlyAugmentedRisk()
    {
        // The non-unitary arm's weights are re-expressed in the unitary basis: R_aug at the analysed θ must equal R_aug
        // of the trained network itself, evaluated independently over the same samples.
        var loaded = CheckpointStabilityProblem.Load(Path.Combine(sweep.Directory, "non-unitary-seed3"), new CheckpointStabilityOptions { Samples = null });
        using var data = ExperimentData.Load(loaded.Spec.Dataset);
        var trained = EquiDyn.Nn.RotationConvNet.Build(EquiDyn.Geometry.KernelSupport.Cross, EquiDyn.Nn.KernelBasisKind.NonUnitary,
            3 * 1009 + 7, 12, (2, 3, 3), 10, TorchSharp.torch.ScalarType.Float64);
        Checkpoint.Load(loaded.Checkpoint, trained);
        var (expected, _) = EquiDyn.Training.Risk.ExactOrbits(EquiDyn.Training.LossKind.MseOneHot,
            EquiDyn.Training.DataGroupActions.ImageRotations(12)).Ambient(trained, data.Train);
        using var hessian = new HessianOperator(loaded.Problem.AugmentedRisk, loaded.Problem.Theta);
        Assert.Equal(expected, hessian.Value(), 1e-12);
    }

    [Theory]
    [InlineData("no-such-dir", "no checkpoint")]
    public void BadCheckpointPathsFailWithOneLine(string path, string message)
    {
        var (exit, _, stderr) = Run("stability", Path.Combine(sweep.Directory, path));
        Assert.Equal(2, exit);
        Assert.Contains(message, stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void CheckpointAndExampleAreExclusive()
    {
        var (exit, _, stderr) = Run("stability", Path.Combine(sweep.Directory, "cross-seed3"), "--example", "counterexample");
        Assert.Equal(2, exit);
        Assert.Contains("not both", stderr);
    }

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);
}
