using System.Globalization;

namespace EquiDyn.Experiments;

/// <summary>A numeric CSV file read back (header + rows of numbers), for summaries and exports.</summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private readonly string _path;

    private CsvTable(string path, string[] header, List<double[]> rows)
    {
        _path = path;
        Header = header;
        Rows = rows;
        _columns = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);
    }

    /// <summary>Column names.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Rows of values (non-numeric cells are NaN).</summary>
    public IReadOnlyList<double[]> Rows { get; }

    /// <summary>Reads a file written by <see cref="Reporting.MetricsCsv"/> or the runner's epoch log.</summary>
    /// <exception cref="EquiDyn.Data.DataFormatException">The file is empty, too large, or a row's cell count differs
    /// from the header's (the message names the line).</exception>
    public static CsvTable Read(string path)
    {
        var lines = EquiDyn.Data.InputFile.ReadAllText(path).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        if (lines.Length == 0 || lines[0].Length == 0) throw new EquiDyn.Data.DataFormatException(path, 0, "empty CSV file (no header)");
        var header = lines[0].Split(',');
        if (header.Distinct().Count() != header.Length) throw new EquiDyn.Data.DataFormatException(path, 0, "the header names a column twice");
        var rows = new List<double[]>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var cells = lines[i].Split(',');
            if (cells.Length != header.Length)
                throw new EquiDyn.Data.DataFormatException(path, -1, $"line {i + 1} has {cells.Length} cells but the header has {header.Length}");
            rows.Add(cells.Select(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray());
        }
        return new CsvTable(path, header, rows);
    }

    /// <summary>Whether a column exists.</summary>
    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>All values of a column.</summary>
    public double[] Column(string column) =>
        _columns.TryGetValue(column, out int i)
            ? Rows.Select(r => r[i]).ToArray()
            : throw new EquiDyn.Data.DataFormatException(_path, 0, $"has no column '{column}' (it has {string.Join(", ", Header)})");
}
