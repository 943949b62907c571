using System.Globalization;
using System.IO.Compression;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>
/// Reads numeric tables from CSV files: comma-separated or whitespace-separated (detected), with or without a header
/// line (detected), raw or gzip-compressed (detected from the content). Blank lines and lines starting with <c>#</c>
/// are skipped. Every other cell must be a number (invariant culture: <c>3.25</c>, <c>-1e-3</c>, <c>NaN</c>); a cell
/// that is not is refused with a <see cref="CsvFormatException"/> naming the file, the line, the column and the text.
/// </summary>
/// <remarks>
/// Quoted cells are unquoted (<c>"bmi"</c> is <c>bmi</c>) but a separator inside quotes is not supported: this reader
/// is for numeric tables, not for general CSV.
/// </remarks>
public static class Csv
{
    /// <summary>Reads a numeric table.</summary>
    /// <param name="path">The file, raw or gzip-compressed.</param>
    /// <param name="hasHeader">True: the first line holds column names. False: it is data. Null (the default):
    /// detected: the first line is a header when one of its cells is not a number.</param>
    /// <param name="separator">The cell separator, e.g. <c>','</c> or <c>';'</c>; <c>' '</c> means runs of spaces and
    /// tabs. Null (the default): detected from the first line: a comma if it has one, else a semicolon if it has one,
    /// else whitespace.</param>
    /// <param name="dtype">The dtype of <see cref="CsvTable.Values"/>: Float64 (the default) or Float32.</param>
    /// <exception cref="CsvFormatException">A cell is not a number, a row has a different number of cells than the
    /// first, or the file holds no data; the message names the file, the line, the column and the cell.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static CsvTable Load(string path, bool? hasHeader = null, char? separator = null, ScalarType dtype = ScalarType.Float64)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        using var file = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        return Read(file, full, hasHeader, separator, dtype);
    }

    /// <summary>Reads a table from a seekable stream (a file, an embedded resource); <paramref name="source"/> names it in messages.</summary>
    internal static CsvTable Read(Stream stream, string source, bool? hasHeader, char? separator, ScalarType dtype)
    {
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"Csv.Load: dtype must be Float32 or Float64, not {dtype}.", nameof(dtype));
        bool gzip = IsGzip(stream);
        using var decoded = gzip ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true) : null;
        using var reader = new StreamReader(decoded ?? stream, leaveOpen: true);
        try
        {
            return new CsvParser(source, hasHeader, separator).Parse(reader, dtype);
        }
        catch (InvalidDataException e) when (gzip)
        {
            throw new CsvFormatException(source, 0, 0, null, $"{source}: the gzip data is corrupt or truncated (.NET says: {e.Message}). Copy the file again.");
        }
    }

    static bool IsGzip(Stream s)
    {
        if (!s.CanSeek) return false;
        long start = s.Position;
        Span<byte> b = stackalloc byte[2];
        int got = s.ReadAtLeast(b, 2, throwOnEndOfStream: false);
        s.Position = start;
        return got == 2 && b[0] == 0x1f && b[1] == 0x8b;
    }

    /// <summary>One pass over the lines of one file.</summary>
    sealed class CsvParser(string source, bool? hasHeader, char? separator)
    {
        readonly List<double> _values = [];
        string[]? _names;
        int _columns = -1;
        char? _sep = separator;
        bool _whitespace = separator == ' ';

        public CsvTable Parse(TextReader reader, ScalarType dtype)
        {
            int lineNo = 0;
            int rows = 0;
            string? line;
            var cells = new List<string>();
            while ((line = reader.ReadLine()) != null)
            {
                lineNo++;
                var trimmed = line.AsSpan().Trim();
                if (trimmed.IsEmpty || trimmed[0] == '#') continue;
                if (_columns < 0 && _sep is null) DetectSeparator(trimmed);
                Split(trimmed, cells);
                if (_columns < 0)
                {
                    _columns = cells.Count;
                    bool header = hasHeader ?? !cells.TrueForAll(c => TryNumber(c, out _));
                    if (header)
                    {
                        _names = [.. cells];
                        continue;
                    }
                }
                if (cells.Count != _columns)
                {
                    string first = _names is null ? "the first row" : "the header";
                    throw new CsvFormatException(source, lineNo, 0, null,
                        $"{source}, line {lineNo}: this row has {cells.Count} cells but {first} has {_columns}{SeparatorText()}. Every row of a table needs the same number of cells.");
                }
                for (int c = 0; c < cells.Count; c++)
                {
                    if (!TryNumber(cells[c], out double v)) throw NotANumber(lineNo, c, cells[c]);
                    _values.Add(v);
                }
                rows++;
            }
            if (rows == 0)
                throw new CsvFormatException(source, 0, 0, null, $"{source}: the file holds no data rows{(_names is null ? "" : " (only a header line)")}.");

            var names = _names ?? [.. Enumerable.Range(0, _columns).Select(i => i.ToString(CultureInfo.InvariantCulture))];
            var values = torch.tensor(_values.ToArray(), [rows, _columns]);
            return new CsvTable(names, dtype == ScalarType.Float64 ? values : values.to(dtype), source);
        }

        CsvFormatException NotANumber(int lineNo, int c, string cell)
        {
            string name = _names is null ? "" : $" (\"{_names[c]}\")";
            string why = cell.Length == 0 ? "is empty (a missing value)" : $"\"{cell}\" is not a number";
            return new CsvFormatException(source, lineNo, c + 1, cell,
                $"{source}, line {lineNo}, column {c + 1}{name}: the cell {why}. A table must hold only numbers (after an optional header line); fix or remove that row.");
        }

        string SeparatorText() => _whitespace ? " (separated by whitespace)" : $" (separated by '{_sep}')";

        void DetectSeparator(ReadOnlySpan<char> line)
        {
            if (line.Contains(',')) _sep = ',';
            else if (line.Contains(';')) _sep = ';';
            else { _sep = ' '; _whitespace = true; }
        }

        void Split(ReadOnlySpan<char> line, List<string> cells)
        {
            cells.Clear();
            if (_whitespace)
            {
                foreach (var range in line.SplitAny(" \t"))
                    if (range.End.GetOffset(line.Length) > range.Start.GetOffset(line.Length)) cells.Add(Unquote(line[range]));
            }
            else
            {
                foreach (var range in line.Split(_sep!.Value)) cells.Add(Unquote(line[range].Trim()));
            }
        }

        static string Unquote(ReadOnlySpan<char> cell) =>
            (cell.Length >= 2 && cell[0] == '"' && cell[^1] == '"' ? cell[1..^1] : cell).ToString();

        static bool TryNumber(string cell, out double value) =>
            double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
