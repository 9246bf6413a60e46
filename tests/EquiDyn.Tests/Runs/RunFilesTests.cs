using EquiDyn.Data;
using EquiDyn.Runs;
using EquiDyn.Tests.Data;

namespace EquiDyn.Tests.Runs;

/// <summary>The one spread statistic and the one CSV reader of run files.</summary>
public class RunFilesTests
{
    [Fact]
    public void SpreadIsMedianQuartilesAndRangeOfTheFiniteValues()
    {
        var odd = Spread.Of(new double[] { 5, 1, 3 });
        Assert.Equal(new Spread(3, 3, 2, 4, 1, 5), odd);
        var even = Spread.Of(new double[] { 4, 1, 3, 2, double.NaN });
        Assert.Equal(4, even.Count);     // NaN is left out
        Assert.Equal(2.5, even.Median);
        Assert.Equal(1.75, even.Q1);     // numpy.percentile([1,2,3,4], 25)
        Assert.Equal(3.25, even.Q3);
        Assert.Equal(0, Spread.Of(new[] { double.NaN }).Count);
        Assert.Null(Spread.OfPresent(new double?[] { null, double.PositiveInfinity }));
    }

    [Fact]
    public void AFinishedCsvMustBeWholeAndAGrowingOneDropsItsPartialLastRow()
    {
        using var dir = new TempDirectory();
        var path = dir.File("metrics.csv");
        File.WriteAllText(path, "step,loss\n1,0.5\n2,x\n3,0.2");
        var table = CsvTable.Read(path);
        Assert.Equal(3, table.RowCount);
        Assert.True(double.IsNaN(table.Column("loss")[1]));
        Assert.Null(table.TryColumn("accuracy"));
        Assert.Contains("has no column 'accuracy' (it has step, loss)", Assert.Throws<DataFormatException>(() => table.Column("accuracy")).Message);

        File.WriteAllText(path, "step,loss\n1,0.5\n2");
        Assert.Contains("line 3 has 1 cells but the header has 2", Assert.Throws<DataFormatException>(() => CsvTable.Read(path)).Message);
        Assert.Equal(new[] { 1.0 }, CsvTable.ReadGrowing(path).Column("step"));
        File.WriteAllText(path, "step,step\n1,2\n");
        Assert.Throws<DataFormatException>(() => CsvTable.ReadGrowing(path));
    }
}
