using System.Globalization;
using System.Text.Json.Nodes;
using EquiDyn.Data;
using EquiDyn.Experiments;
using EquiDyn.Reporting;
using EquiDyn.Tests.Data;
using EquiDyn.Tests.Reporting;
using EquiDyn.Tests.Support;
using EquiDyn.Runs;

namespace EquiDyn.Tests.Experiments;

/// <summary><c>equidyn run</c>'s user-facing extras on a cut-down permutation sweep: <c>--set</c>, <c>--tensorboard</c>,
/// the Ctrl-C path and <c>merge</c>'s tidy table.</summary>
public class RunCommandTests
{
    /// <summary>The permutation preset cut down to two arms, one seed, 3 full-batch steps on 40 graphs: seconds.</summary>
    private static string TinySpecFile(TempDirectory root, string sweep)
    {
        var preset = ExperimentPresets.Get("permutation", "quick");
        var spec = preset with
        {
            Scale = SpecScale.Custom,
            Dataset = preset.Dataset with { TrainLimit = 40 },
            Arms = new() { preset.Arms.Single(a => a.Name == "nominal"), preset.Arms.Single(a => a.Name == "augmented") },
            AugmentedPhase = preset.AugmentedPhase with { Epochs = 3 },
            Seeds = new() { 3 },
            Output = new OutputSpec { Directory = sweep },
        };
        var file = root.File("tiny.json");
        File.WriteAllText(file, spec.ToJson());
        return file;
    }

    [Fact]
    public void SetChangesTheSpecAndIsRecordedInSpecJson()
    {
        using var root = new TempDirectory();
        var sweep = Path.Combine(root.Path, "sweep");
        var (exit, _, err) = CliRunner.Run("run", TinySpecFile(root, sweep), "--plain",
            "--set", "augmentedPhase.epochs=1", "--set", "arms[1].dtype=float64", "--set", "seeds=[4]");
        Assert.True(exit == 0, err);
        var spec = ExperimentSpec.Load(Path.Combine(sweep, "spec.json"));
        Assert.Equal(1, spec.AugmentedPhase.Epochs);
        Assert.Equal(Precision.Float64, spec.Arms[1].Dtype);
        Assert.Equal(new List<long> { 4 }, spec.Seeds);
        Assert.Equal(1, RunSummary.Read(Path.Combine(sweep, "augmented-seed4", "summary.json")).Epochs);
        Assert.Equal("float64", RunSummary.Read(Path.Combine(sweep, "augmented-seed4", "summary.json")).Dtype);
    }

    [Theory]
    [InlineData("augmentedPhase.epochs=abc", "augmentedPhase.epochs")]
    [InlineData("augmentedPhase.epochs=-1", "augmentedPhase.epochs")]
    [InlineData("augmentdPhase.epochs=3", "did you mean augmentedPhase?")]
    [InlineData("arms[7].dtype=float64", "has 2 element(s)")]
    [InlineData("epochs", "is not path=value")]
    public void SetIsValidatedLikeTheFile(string assignment, string expected)
    {
        using var root = new TempDirectory();
        var (exit, output, err) = CliRunner.Run("run", TinySpecFile(root, Path.Combine(root.Path, "sweep")), "--set", assignment);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(expected, err);
        Assert.False(Directory.Exists(Path.Combine(root.Path, "sweep")));
    }

    [Fact]
    public void AnInterruptionPrintsWhereTheSweepIsAndTheResumeCommandThenResumeFinishes()
    {
        using var root = new TempDirectory();
        var sweep = Path.Combine(root.Path, "sweep");
        var file = TinySpecFile(root, sweep);
        // One full-batch step per epoch, 3 epochs per run: the 5th step is the second of augmented-seed3, so the stop comes
        // after that step, before its epoch is checkpointed: epoch 1 is the resume point.
        var (exit, output, err) = CliRunner.Run("run", file, "--plain", "--interrupt-after-steps", "5");
        Assert.Equal(130, exit);
        Assert.Equal("", output);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("equidyn run: interrupted at run 2 of 2 (augmented-seed3), training phase, last checkpoint after epoch 1 of 3; 1 of 2 run(s) complete.", lines[^2]);
        Assert.EndsWith($"resume with: equidyn run --resume {sweep}", lines[^1]);

        var (again, resumed, err2) = CliRunner.Run("run", "--resume", sweep, "--plain");
        Assert.True(again == 0, err2);
        Assert.Contains("resuming training phase after epoch 1", err2);
        Assert.True(File.Exists(Path.Combine(sweep, "augmented-seed3", "summary.json")));
    }

    [Fact]
    public void TensorBoardEventFilesHoldEveryStepOfMetricsCsv()
    {
        using var root = new TempDirectory();
        var sweep = Path.Combine(root.Path, "sweep");
        var (exit, _, err) = CliRunner.Run("run", TinySpecFile(root, sweep), "--plain", "--tensorboard");
        Assert.True(exit == 0, err);
        foreach (var run in new[] { "nominal-seed3", "augmented-seed3" })
        {
            var file = Assert.Single(Directory.GetFiles(Path.Combine(sweep, run), "events.out.tfevents.*"));
            var (version, scalars) = TensorBoardEventReader.Read(file);
            Assert.StartsWith("brain.Event:", version);
            var metrics = CsvTable.Read(Path.Combine(sweep, run, "metrics.csv"));
            var steps = metrics.Column("step");
            foreach (var (tag, column) in new[] { ("training/loss", "loss"), ("training/distance", "distance"), ("training/gradient_norm", "grad_norm") })
            {
                var logged = scalars.Where(s => s.Tag == tag).OrderBy(s => s.Step).ToList();
                Assert.Equal(steps.Select(s => (long)s), logged.Select(s => s.Step));
                var expected = metrics.Column(column);
                for (int k = 0; k < expected.Length; k++)
                    Assert.Equal((float)expected[k], logged[k].Value); // TensorBoard keeps float32: the csv value rounded
            }
            var epochs = CsvTable.Read(Path.Combine(sweep, run, "epochs.csv"));
            Assert.Equal(epochs.Column("test_accuracy").Select(v => (float)v), scalars.Where(s => s.Tag == "training/test_accuracy").OrderBy(s => s.Step).Select(s => s.Value));
        }
    }

    [Fact]
    public void MergeWritesOneTidyTableOfEveryRunsPerStepMetrics()
    {
        using var root = new TempDirectory();
        var sweep = Path.Combine(root.Path, "sweep");
        var (exit, _, err) = CliRunner.Run("run", TinySpecFile(root, sweep), "--plain");
        Assert.True(exit == 0, err);
        var summary = Path.Combine(root.Path, "merged", "merged-summary.json");
        (exit, var output, err) = CliRunner.Run("merge", sweep, "--out", summary);
        Assert.True(exit == 0, err);
        var table = Path.Combine(root.Path, "merged", "merged-summary-metrics.csv");
        Assert.Contains(table, output);
        var lines = File.ReadAllLines(table);
        Assert.Equal("arm,seed,step,epoch,metric,value", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.Equal(6, r.Length));
        foreach (var arm in new[] { "nominal", "augmented" })
        {
            var metrics = CsvTable.Read(Path.Combine(sweep, $"{arm}-seed3", "metrics.csv"));
            var mine = rows.Where(r => r[0] == arm).ToList();
            Assert.Equal(metrics.Rows.Count * (metrics.Header.Count - 2), mine.Count);
            var distance = metrics.Column("distance");
            var tidy = mine.Where(r => r[4] == "distance").Select(r => double.Parse(r[5], CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(distance, tidy);
            Assert.All(mine, r => Assert.Equal("3", r[1]));
        }
    }
}
