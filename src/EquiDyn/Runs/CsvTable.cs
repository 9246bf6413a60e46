using System.Globalization;
using EquiDyn.Data;

namespace EquiDyn.Runs;

/// <summary>
/// A numeric CSV file of a run (<c>metrics.csv</c>, <c>epochs.csv</c>, <c>runs.csv</c>): a header line of column names,
/// then rows of numbers; a cell that is not a number reads as NaN. The one reader of run files, used by the runner
/// (resume checks, summaries, .npy export) and by the report.
/// </summary>
/// <remarks>System.Text.Json and the CSV libraries on NuGet do not read a file that another process is still appending
/// to: a run being written ends in a partial row, which <see cref="ReadGrowing"/> leaves out.</remarks>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;
    private readonly List<double[]> _rows;

    private CsvTable(string path, string[] header, List<double[]> rows)
    {
        Path = path;
        Header = header;
        _rows = rows;
        _columns = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i, StringComparer.Ordinal);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Column names.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Rows of values (non-numeric cells are NaN).</summary>
    public IReadOnlyList<double[]> Rows => _rows;

    /// <summary>Number of data rows.</summary>
    public int RowCount => _rows.Count;

    /// <summary>Reads a finished file: every row has exactly the header's cells.</summary>
    /// <exception cref="DataFormatException">Empty, a column named twice, or a row with the wrong number of cells.</exception>
    public static CsvTable Read(string path) => Parse(path, growing: false);

    /// <summary>Reads a file another process may still be appending to: blank lines before the header are skipped, and a
    /// row with fewer cells than the header (a partially written last line) is left out.</summary>
    /// <exception cref="DataFormatException">Empty, or a column named twice.</exception>
    public static CsvTable ReadGrowing(string path) => Parse(path, growing: true);

    private static CsvTable Parse(string path, bool growing)
    {
        var lines = InputFile.ReadAllText(path).ReplaceLineEndings("\n").Split('\n'); // regular files only, size-capped (#11)
        int first = growing ? Array.FindIndex(lines, l => l.Trim().Length > 0) : (lines[0].Length > 0 ? 0 : -1);
        if (first < 0) throw new DataFormatException(path, 0, "empty CSV file (no header)");
        var header = lines[first].Split(',').Select(h => h.Trim()).ToArray();
        if (header.Distinct().Count() != header.Length) throw new DataFormatException(path, 0, "the header names a column twice");
        var rows = new List<double[]>();
        for (int i = first + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var cells = lines[i].Split(',');
            if (cells.Length != header.Length)
            {
                if (growing && cells.Length < header.Length) continue;
                if (!growing)
                    throw new DataFormatException(path, -1, $"line {i + 1} has {cells.Length} cells but the header has {header.Length}");
            }
            rows.Add(cells.Take(header.Length).Select(Number).ToArray());
        }
        return new CsvTable(path, header, rows);
    }

    /// <summary>Whether the file has a column.</summary>
    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>One column's values.</summary>
    /// <exception cref="DataFormatException">No such column (the message lists the columns).</exception>
    public double[] Column(string column) =>
        _columns.TryGetValue(column, out int i)
            ? _rows.Select(r => r[i]).ToArray()
            : throw new DataFormatException(Path, 0, $"has no column '{column}' (it has {string.Join(", ", Header)})");

    /// <summary>One column's values, or null when the file lacks it.</summary>
    public double[]? TryColumn(string column) => Has(column) ? Column(column) : null;

    private static double Number(string cell) =>
        double.TryParse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
}
