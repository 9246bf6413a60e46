using System.Globalization;

namespace EquiDyn.Reporting;

/// <summary>
/// A numeric CSV file read back: a header line and rows of numbers (invariant culture), as written by
/// <see cref="MetricsCsv"/> and by the experiment runner's <c>epochs.csv</c>.
/// </summary>
/// <remarks>Tolerant of a run that is still being written or was killed: a last line with fewer cells than the header
/// is dropped, and a cell that is not a number reads as NaN.</remarks>
public sealed class NumericTable
{
    private readonly Dictionary<string, int> _columns;
    private readonly List<double[]> _rows;

    private NumericTable(string path, string[] header, List<double[]> rows)
    {
        Path = path;
        Header = header;
        _rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++) _columns.TryAdd(header[i], i);
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Column names, in file order.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Number of data rows.</summary>
    public int RowCount => _rows.Count;

    /// <summary>Reads a file.</summary>
    /// <exception cref="InvalidDataException">The file is empty (no header line).</exception>
    public static NumericTable Read(string path)
    {
        var lines = EquiDyn.Data.InputFile.ReadAllText(path).ReplaceLineEndings("\n").Split('\n'); // regular files only, size-capped (#11)
        int first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (first < 0) throw new InvalidDataException($"{path}: empty CSV file (no header line)");
        var header = lines[first].Split(',').Select(h => h.Trim()).ToArray();
        var rows = new List<double[]>();
        for (int i = first + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var cells = lines[i].Split(',');
            if (cells.Length < header.Length) continue; // a partially written last line
            rows.Add(cells.Take(header.Length).Select(Parse).ToArray());
        }
        return new NumericTable(path, header, rows);
    }

    /// <summary>Whether the table has a column.</summary>
    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>The values of a column.</summary>
    /// <exception cref="KeyNotFoundException">No such column; the message lists the columns.</exception>
    public double[] Column(string column) =>
        _columns.TryGetValue(column, out int i)
            ? _rows.Select(r => r[i]).ToArray()
            : throw new KeyNotFoundException($"{Path}: no column '{column}' (have {string.Join(", ", Header)})");

    /// <summary>The values of a column, or null when it is absent.</summary>
    public double[]? TryColumn(string column) => Has(column) ? Column(column) : null;

    private static double Parse(string cell) =>
        double.TryParse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
}
