using System.Globalization;

namespace EquiDyn.Experiments;

/// <summary>A numeric CSV file read back (header + rows of numbers), for summaries and exports.</summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string[] header, List<double[]> rows)
    {
        Header = header;
        Rows = rows;
        _columns = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);
    }

    /// <summary>Column names.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Rows of values (non-numeric cells are NaN).</summary>
    public IReadOnlyList<double[]> Rows { get; }

    /// <summary>Reads a file written by <see cref="Reporting.MetricsCsv"/> or the runner's epoch log.</summary>
    public static CsvTable Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0) throw new InvalidDataException($"{path}: empty CSV file (no header)");
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',').Select(c =>
            double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray()).ToList();
        return new CsvTable(header, rows);
    }

    /// <summary>Whether a column exists.</summary>
    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>All values of a column.</summary>
    public double[] Column(string column) =>
        _columns.TryGetValue(column, out int i)
            ? Rows.Select(r => r[i]).ToArray()
            : throw new KeyNotFoundException($"no column '{column}' (have {string.Join(", ", Header)})");
}
