using System.Diagnostics;
using System.Globalization;
using EquiDyn.Experiments;

namespace EquiDyn.Cli.Experiments;

/// <summary><c>equidyn run</c> for the kinds that write one table per sweep (<see cref="TableExperiments"/>): progress
/// lines on stderr, the Markdown table and the sweep directory on stdout.</summary>
public static class TableExperimentRun
{
    /// <summary>Runs the sweep; exit code 0 once the table is written (a prediction that fails is a result, shown in the
    /// table's verdict column, not an error).</summary>
    public static int Execute(ExperimentSpec spec, ExperimentData data, string sweepDir, TextWriter stdout, TextWriter stderr, Stopwatch clock)
    {
        IReadOnlyList<string> table;
        using (data) table = TableExperiments.Run(spec, data, sweepDir, m => stderr.WriteLine($"equidyn run: {m}"));
        stdout.WriteLine($"results: {sweepDir}");
        foreach (var line in table) stdout.WriteLine(line);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{SpecNames.Of(spec.Kind)} sweep in {clock.Elapsed.TotalSeconds:0} s; tables and figure in {sweepDir}/ (equidyn report {sweepDir} writes report.html)"));
        return 0;
    }
}
