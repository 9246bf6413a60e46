using System.Globalization;
using System.Text;
using EquiDyn.Experiments;
using EquiDyn.Runs;

namespace EquiDyn.Reporting;

/// <summary>
/// Every finished run's per-step metrics as one long ("tidy") CSV table, one measurement per row:
/// <c>arm,seed,step,epoch,metric,value</c> — what <c>equidyn merge</c> writes beside the merged summary, so that
/// <c>pandas.read_csv(path)</c> loads a whole sweep (or several shards) in one line and
/// <c>df.pivot_table(index=["arm", "step"], columns="metric", values="value", aggfunc="median")</c> gives the median over seeds.
/// </summary>
/// <remarks>A finished run is a directory with <c>summary.json</c> beside <c>metrics.csv</c> (the rule of
/// <see cref="SweepSummary.Merge"/>); the metrics are the columns of its <c>metrics.csv</c> other than step and epoch
/// (loss, accuracy, grad_norm, distance, relative_distance, distance_&lt;layer&gt;, …), values written round-trip.</remarks>
public static class TidyMetrics
{
    /// <summary>The table's header.</summary>
    public const string Header = "arm,seed,step,epoch,metric,value";

    /// <summary>Writes the table of every finished run under <paramref name="directories"/> to <paramref name="path"/>.</summary>
    /// <returns>The number of runs and of rows written.</returns>
    public static (int Runs, long Rows) Write(IEnumerable<string> directories, string path)
    {
        var runs = new List<(string Dir, RunSummary Summary)>();
        foreach (var root in directories)
            foreach (var file in Directory.EnumerateFiles(root, RunLayout.SummaryFile, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var dir = Path.GetDirectoryName(file)!;
                if (File.Exists(Path.Combine(dir, RunLayout.MetricsFile))) runs.Add((dir, RunSummary.Read(file)));
            }
        long rows = 0;
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        writer.WriteLine(Header);
        foreach (var (dir, summary) in runs.OrderBy(r => r.Summary.Arm, StringComparer.Ordinal).ThenBy(r => r.Summary.Seed))
        {
            var table = CsvTable.ReadGrowing(Path.Combine(dir, RunLayout.MetricsFile));
            var header = table.Header.ToArray();
            int stepColumn = Array.IndexOf(header, "step"), epochColumn = Array.IndexOf(header, "epoch");
            if (stepColumn < 0) throw new InvalidDataException($"{table.Path}: no 'step' column");
            string prefix = $"{Quote(summary.Arm)},{summary.Seed.ToString(CultureInfo.InvariantCulture)},";
            foreach (var row in table.Rows)
            {
                string step = F(row[stepColumn]), epoch = epochColumn >= 0 ? F(row[epochColumn]) : "";
                for (int c = 0; c < header.Length; c++)
                {
                    if (c == stepColumn || c == epochColumn) continue;
                    writer.Write(prefix);
                    writer.Write(step);
                    writer.Write(',');
                    writer.Write(epoch);
                    writer.Write(',');
                    writer.Write(Quote(header[c]));
                    writer.Write(',');
                    writer.WriteLine(F(row[c]));
                    rows++;
                }
            }
        }
        return (runs.Count, rows);
    }

    // metrics.csv holds round-trip ("R") numbers (MetricsCsv), so formatting the parsed value the same way gives back the
    // cell as written.
    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) < 0 ? s : $"\"{s.Replace("\"", "\"\"")}\"";
}
