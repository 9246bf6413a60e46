using System.Globalization;
using System.Text;
using EquiDyn.Training;

namespace EquiDyn.Reporting;

/// <summary>
/// Writes step records as CSV, one row per step, invariant culture, round-trip precision ("R"): step, epoch, loss,
/// accuracy, grad_norm, distance (total), relative_distance (total), distance_from_start (total), then per layer
/// distance_&lt;layer&gt;, relative_distance_&lt;layer&gt;, distance_from_start_&lt;layer&gt;.
/// </summary>
/// <remarks>Written by hand: the rows are purely numeric, so a CSV library would add nothing but a dependency.</remarks>
internal sealed class MetricsCsv : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly int _layers;

    /// <summary>Opens (and truncates, or appends to when <paramref name="append"/>) the file and writes the header if new.</summary>
    public MetricsCsv(string path, IReadOnlyList<string> layerNames, bool append = false)
    {
        bool writeHeader = !append || !File.Exists(path) || new FileInfo(path).Length == 0;
        _writer = new StreamWriter(path, append, new UTF8Encoding(false));
        _layers = layerNames.Count;
        if (writeHeader)
        {
            var header = new List<string> { "step", "epoch", "loss", "accuracy", "grad_norm", "distance", "relative_distance", "distance_from_start" };
            header.AddRange(layerNames.Select(n => $"distance_{n}"));
            header.AddRange(layerNames.Select(n => $"relative_distance_{n}"));
            header.AddRange(layerNames.Select(n => $"distance_from_start_{n}"));
            _writer.WriteLine(string.Join(',', header));
        }
    }

    /// <summary>Appends one row.</summary>
    public void Write(StepRecord r)
    {
        if (r.DistanceToIntersection.Length != _layers)
            throw new ArgumentException($"record has {r.DistanceToIntersection.Length} layers, the file {_layers}");
        var cells = new List<string> { r.Step.ToString(CultureInfo.InvariantCulture), r.Epoch.ToString(CultureInfo.InvariantCulture),
            F(r.Loss), F(r.Accuracy), F(r.GradientNorm), F(r.TotalDistance), F(r.TotalRelativeDistance), F(r.TotalDistanceFromStart) };
        cells.AddRange(r.DistanceToIntersection.Select(F));
        cells.AddRange(r.RelativeDistance.Select(F));
        cells.AddRange(r.DistanceFromStart.Select(F));
        _writer.WriteLine(string.Join(',', cells));
    }

    /// <summary>Flushes buffered rows to disk.</summary>
    public void Flush() => _writer.Flush();

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
