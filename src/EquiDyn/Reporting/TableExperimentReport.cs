using System.Net;
using System.Text;
using EquiDyn.Experiments;

namespace EquiDyn.Reporting;

/// <summary>The report of an <c>optimizers</c> or <c>ensemble</c> sweep (<see cref="TableExperiments"/>): one
/// self-contained <c>report.html</c> with the spec, the result table (prediction and verdict per row) and the figure
/// embedded.</summary>
public static class TableExperimentReport
{
    /// <summary>Whether <paramref name="directory"/> holds a sweep of one of these kinds.</summary>
    public static bool Handles(string directory)
    {
        var spec = Path.Combine(directory, "spec.json");
        if (!File.Exists(spec)) return false;
        try
        {
            return TableExperiments.Handles(ExperimentSpec.Load(spec).Kind);
        }
        catch (ExperimentSpecException)
        {
            return false;
        }
    }

    /// <summary>Writes <c>report.html</c> from the sweep's tables (redrawing the figure) and returns its path.</summary>
    /// <exception cref="ReportInputException">The sweep has no results yet.</exception>
    public static string Write(string directory)
    {
        var spec = ExperimentSpec.Load(Path.Combine(directory, "spec.json"));
        IReadOnlyList<string> table;
        string figure;
        string title;
        if (spec.Kind == ExperimentKind.Optimizers)
        {
            var path = Path.Combine(directory, OptimizerInvarianceExperiment.CellsFile);
            if (!File.Exists(path)) throw new ReportInputException($"{directory}: no {OptimizerInvarianceExperiment.CellsFile} yet; run the sweep first (equidyn run --resume {directory})");
            var rows = OptimizerInvarianceExperiment.ReadCells(path);
            figure = Path.Combine(directory, OptimizerInvarianceExperiment.FigureFile);
            OptimizerInvarianceFigure.Write(rows, figure);
            table = OptimizerInvarianceExperiment.MarkdownTable(rows);
            title = "Which update rules keep E∩L invariant";
        }
        else
        {
            var path = Path.Combine(directory, EnsembleExperiment.RowsFile);
            var groupsPath = Path.Combine(directory, EnsembleExperiment.GroupsFile);
            if (!File.Exists(path) || !File.Exists(groupsPath)) throw new ReportInputException($"{directory}: no {EnsembleExperiment.RowsFile} yet; run the sweep first (equidyn run --resume {directory})");
            var rows = EnsembleExperiment.ReadRows(path);
            var verdicts = EnsembleExperiment.Verdicts(spec, rows, EnsembleExperiment.ReadGroups(groupsPath));
            figure = Path.Combine(directory, EnsembleExperiment.FigureFile);
            EnsembleFigure.Write(rows, verdicts, figure);
            table = EnsembleExperiment.MarkdownTable((rows, verdicts));
            title = "Equivariance of ensembles under augmentation";
        }
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>")
            .Append("<style>body{font-family:sans-serif;max-width:1400px;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;font-size:90%}pre{background:#f6f6f6;padding:1em;overflow:auto}</style></head><body>")
            .Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>")
            .Append("<p>").Append(WebUtility.HtmlEncode($"Preset {spec.Preset} ({SpecNames.Of(spec.Scale)}); docs/experiments/{SpecNames.Of(spec.Kind)}.md explains the predictions.")).Append("</p>");
        if (File.Exists(figure))
            html.Append("<img style=\"max-width:100%\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(File.ReadAllBytes(figure))).Append("\">");
        html.Append("<table>");
        foreach (var (line, i) in table.Select((l, i) => (l, i)).Where(x => x.i != 1))
        {
            var cells = line.Trim('|').Split('|').Select(c => WebUtility.HtmlEncode(c.Trim()));
            string tag = i == 0 ? "th" : "td";
            html.Append("<tr>").Append(string.Concat(cells.Select(c => $"<{tag}>{c}</{tag}>"))).Append("</tr>");
        }
        html.Append("</table><h2>Spec</h2><pre>").Append(WebUtility.HtmlEncode(spec.ToJson())).Append("</pre></body></html>");
        var report = Path.Combine(directory, "report.html");
        AtomicFile.WriteText(report, html.ToString());
        return report;
    }
}
