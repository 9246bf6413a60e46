using System.Globalization;
using EquiDyn.Data;

namespace EquiDyn.Reporting.Text;

/// <summary>What <c>equidyn data info</c> prints about a data set: counts, shapes, class balance and pixel statistics.</summary>
public static class DatasetSummary
{
    /// <summary>A split data set: per part the count, image shape, pixel mean and std and the count per class.</summary>
    public static void Split(TextWriter o, string title, DataSplit split)
    {
        o.WriteLine(title);
        foreach (var (part, data) in new[] { ("train", split.Train), ("test", split.Test) })
        {
            var stats = data.ComputeStats();
            o.WriteLine(Invariant($"  {part,-5} {data.Count,6} images {Shape(data.ImageShape)}  pixel mean {stats.Mean:0.0000} std {stats.Std:0.0000}"));
            o.WriteLine($"        per class: {string.Join(" ", data.ClassCounts(10))}");
        }
    }

    /// <summary>SimpleShapes: shapes, counts per shape, pixel statistics and mean mask area per shape.</summary>
    public static void Shapes(TextWriter o, ImageDataset data)
    {
        var stats = data.ComputeStats();
        var counts = data.ClassCounts(2);
        var plane = data.Height * data.Width;
        double triangleArea = 0, pentagonArea = 0;
        for (var n = 0; n < data.Count; n++)
        {
            var kind = data.Labels![n];
            var area = data.Targets!.AsSpan((n * 2 + kind) * plane, plane).ToArray().Sum();
            if (kind == 0) triangleArea += area;
            else pentagonArea += area;
        }
        o.WriteLine("simpleshapes");
        o.WriteLine($"  images {Shape(data.ImageShape)}, masks {Shape(data.TargetShape!)}");
        o.WriteLine($"  triangles {counts[0]}, pentagons {counts[1]}");
        o.WriteLine(Invariant($"  pixel mean {stats.Mean:0.0000} std {stats.Std:0.0000}; mean mask area (pixels): triangle {triangleArea / counts[0]:0.0}, pentagon {pentagonArea / counts[1]:0.0}"));
    }

    /// <summary>SBM graphs: count and size, labels and mean edge count.</summary>
    public static void Graphs(TextWriter o, GraphDataset data)
    {
        var n = data.NodeCount;
        var connected = data.Labels.Sum();
        var edges = data.Adjacency.Sum() / 2 / data.Count;
        o.WriteLine("sbm");
        o.WriteLine($"  {data.Count} graphs of {n} nodes, adjacency float64 ({data.Count}, {n}, {n})");
        o.WriteLine(Invariant($"  connected (label 1) {connected}, not connected (label 0) {data.Count - connected}; mean edges per graph {edges:0.00}"));
    }

    private static string Shape(int[] shape) => "(" + string.Join(", ", shape) + ")";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
