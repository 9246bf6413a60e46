using EquiDyn.Experiments;
using EquiDyn.Tests.Data;

namespace EquiDyn.Tests.Experiments;

/// <summary>The optimizers and ensemble kinds: presets, validation, a tiny sweep end to end and its continuation.</summary>
public class TableExperimentsTests
{
    [Fact]
    public void PresetsValidateAndKeepTheirNumbers()
    {
        var o = ExperimentPresets.Get("optimizers", "quick");
        ExperimentSpecValidator.Validate(ExperimentSpec.Parse(o.ToJson()));
        Assert.Equal(6, o.Arms.Count);
        Assert.Equal(new[] { "sgd", "sgd-wd", "momentum", "momentum-nesterov", "adam", "adamw-wd" }, o.Optimizers!.Select(OptimizerInvarianceExperiment.Label));
        Assert.Equal((200, 1e-3, Precision.Float64), (o.AugmentedPhase.Epochs, o.AugmentedPhase.LearningRate, o.Dtype));
        var e = ExperimentPresets.Get("ensemble", "quick");
        ExperimentSpecValidator.Validate(ExperimentSpec.Parse(e.ToJson()));
        Assert.Equal(new[] { 1, 4, 16, 64 }, e.Ensemble!.Sizes);
        Assert.Equal(new[] { 4, 16, 64 }, e.Ensemble.OrbitSizes);
        Assert.Equal(EquiDyn.Ensembles.EnsembleExecution.Batched, e.Ensemble.Execution);
        Assert.Equal((20, 0.1), (e.AugmentedPhase.Epochs, e.AugmentedPhase.LearningRate));
        ExperimentSpecValidator.Validate(ExperimentPresets.Get("optimizers", "full"));
        ExperimentSpecValidator.Validate(ExperimentPresets.Get("ensemble", "full"));
    }

    [Theory]
    [InlineData("""{ "preset": "optimizers", "optimizers": [] }""", "optimizers")]
    [InlineData("""{ "preset": "optimizers", "optimizers": [{ "name": "adam", "momentum": 0.9 }] }""", "optimizers[0].momentum")]
    [InlineData("""{ "preset": "optimizers", "optimizers": [{ "name": "sgd" }, { "name": "sgd" }] }""", "optimizers")]
    [InlineData("""{ "preset": "optimizers", "arms": [{ "name": "a", "support": "cross", "augmentation": "sampled" }] }""", "arms[0].augmentation")]
    [InlineData("""{ "preset": "ensemble", "ensemble": { "sizes": [1, 4], "orbitSizes": [6] } }""", "ensemble.orbitSizes")]
    [InlineData("""{ "preset": "ensemble", "arms": [{ "name": "a", "support": "cross", "augmentation": "nominal", "initialisation": "mirror" }] }""", "arms[0].initialisation")]
    [InlineData("""{ "preset": "mnist-c4", "arms": [{ "name": "a", "support": "cross", "initialisation": "orbit" }] }""", "arms[0].initialisation")]
    [InlineData("""{ "preset": "mnist-c4", "ensemble": { "sizes": [1], "orbitSizes": [] } }""", "ensemble")]
    [InlineData("""{ "preset": "mnist-c4", "arms": [{ "name": "a", "support": "cross", "basis": "rotated" }] }""", "arms[0].basis")]
    public void BadFieldsAreNamed(string json, string field)
    {
        var e = Assert.Throws<ExperimentSpecException>(() => ExperimentSpec.Parse(json));
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void ATinyOptimizersSweepMeasuresEveryCellAndContinues()
    {
        var spec = ExperimentPresets.Get("optimizers", "quick") with
        {
            Dataset = new DatasetSpec { Name = DatasetName.Synthetic, ImageSize = 12, SyntheticTrain = 8, SyntheticTest = 4 },
            Arms = ExperimentPresets.Get("optimizers", "quick").Arms.Where(a => a.Name is "cross-tap" or "cross-rotated").ToList(),
            Optimizers = new() { new OptimizerSpec { Name = EquiDyn.Training.OptimizerKind.Sgd }, new OptimizerSpec { Name = EquiDyn.Training.OptimizerKind.Adam } },
            AugmentedPhase = ExperimentPresets.Get("optimizers", "quick").AugmentedPhase with { Epochs = 3 },
        };
        using var dir = new TempDirectory();
        using var data = ExperimentData.Load(spec.Dataset);
        var table = TableExperiments.Run(spec, data, dir.Path);
        var rows = OptimizerInvarianceExperiment.ReadCells(Path.Combine(dir.Path, OptimizerInvarianceExperiment.CellsFile));
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.True(r.Matches, $"{r.Arm} {r.Optimizer}: {r.Verdict}"));
        Assert.False(rows.Single(r => r.Arm == "cross-rotated" && r.Optimizer == "adam").Predicted);
        Assert.True(File.Exists(Path.Combine(dir.Path, OptimizerInvarianceExperiment.FigureFile)));
        Assert.Equal(4, table.Count); // header, rule, two arms
        Assert.Equal(1 + 4 * 3, File.ReadAllLines(Path.Combine(dir.Path, OptimizerInvarianceExperiment.CurvesFile)).Length);

        // A continued sweep measures nothing again; another spec in the same folder is refused.
        var before = File.ReadAllText(Path.Combine(dir.Path, OptimizerInvarianceExperiment.CellsFile));
        TableExperiments.Run(spec, data, dir.Path);
        Assert.Equal(before, File.ReadAllText(Path.Combine(dir.Path, OptimizerInvarianceExperiment.CellsFile)));
        Assert.Throws<RunDirectoryException>(() => TableExperiments.Run(spec with { Seeds = new() { 1 } }, data, dir.Path));
        Assert.EndsWith("report.html", EquiDyn.Reporting.TableExperimentReport.Write(dir.Path));
    }

    [Fact]
    public void ATinyEnsembleSweepShowsTheExactOrbitAndTheSampledDecay()
    {
        var spec = ExperimentPresets.Get("ensemble", "quick") with
        {
            Dataset = new DatasetSpec { Name = DatasetName.Synthetic, ImageSize = 12, SyntheticTrain = 8, SyntheticTest = 4 },
            Arms = ExperimentPresets.Get("ensemble", "quick").Arms.Where(a => a.Name is "cross-exact-orbit" or "skew-exact-orbit").ToList(),
            Ensemble = new EnsembleSpec { Sizes = new() { 1 }, OrbitSizes = new() { 4, 8 } },
            AugmentedPhase = ExperimentPresets.Get("ensemble", "quick").AugmentedPhase with { Epochs = 2 },
        };
        using var dir = new TempDirectory();
        using var data = ExperimentData.Load(spec.Dataset);
        TableExperiments.Run(spec, data, dir.Path);
        var rows = EnsembleExperiment.ReadRows(Path.Combine(dir.Path, EnsembleExperiment.RowsFile));
        Assert.Equal(2 * 3 * 2, rows.Count); // arms × steps 0–2 × sizes
        Assert.All(rows.Where(r => r.Arm == "cross-exact-orbit"), r => Assert.True(r.Error < 1e-13, $"step {r.Step}, M = {r.Size}: {r.Error:E2}"));
        Assert.All(rows.Where(r => r.Arm == "skew-exact-orbit"), r => Assert.True(r.Error > 1e-6, $"step {r.Step}: {r.Error:E2}"));
        var verdicts = EnsembleExperiment.Verdicts(spec, rows, EnsembleExperiment.ReadGroups(Path.Combine(dir.Path, EnsembleExperiment.GroupsFile)));
        Assert.Equal(new[] { "exact", "not-equivariant" }, verdicts.Select(v => v.Prediction));
        Assert.All(verdicts, v => Assert.True(v.Matches, v.ToString()));
        Assert.True(File.Exists(Path.Combine(dir.Path, EnsembleExperiment.FigureFile)));

        var before = File.ReadAllText(Path.Combine(dir.Path, EnsembleExperiment.RowsFile));
        TableExperiments.Run(spec, data, dir.Path);
        Assert.Equal(before, File.ReadAllText(Path.Combine(dir.Path, EnsembleExperiment.RowsFile)));
    }

    [Fact]
    public void IndependentMembersWithAnInvariantLawAverageTowardsInvariance()
    {
        // Exact augmentation from independent Gaussian starts on the cross: every member is far from invariant, the mean of
        // 16 is closer (the law is invariant: the error of the mean falls like 1/√M).
        var spec = ExperimentPresets.Get("ensemble", "quick") with
        {
            Dataset = new DatasetSpec { Name = DatasetName.Synthetic, ImageSize = 12, SyntheticTrain = 8, SyntheticTest = 4 },
            Arms = ExperimentPresets.Get("ensemble", "quick").Arms.Where(a => a.Name == "cross-exact").ToList(),
            Ensemble = new EnsembleSpec { Sizes = new() { 1, 16 }, OrbitSizes = new() { 4 } },
            AugmentedPhase = ExperimentPresets.Get("ensemble", "quick").AugmentedPhase with { Epochs = 1 },
        };
        using var dir = new TempDirectory();
        using var data = ExperimentData.Load(spec.Dataset);
        TableExperiments.Run(spec, data, dir.Path);
        var final = EnsembleExperiment.ReadRows(Path.Combine(dir.Path, EnsembleExperiment.RowsFile)).Where(r => r.Step == 1).OrderBy(r => r.Size).ToList();
        Assert.True(final[1].Error < 0.5 * final[0].Error, $"M = 1: {final[0].Error:E2}, M = 16: {final[1].Error:E2} (1/√16 = 0.25 expected)");
    }
}
