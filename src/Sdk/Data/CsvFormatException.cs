namespace Edu.Sdk.Data;

/// <summary>
/// A CSV file that cannot be read as a numeric table: a cell that is not a number, a row with the wrong number of
/// cells, no data. The message names the file, the line, the column and the cell text.
/// </summary>
public sealed class CsvFormatException : DataFormatException
{
    /// <summary>Creates the exception for the file at <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file at fault.</param>
    /// <param name="line">The 1-based line number of the fault, or 0 when it concerns the whole file.</param>
    /// <param name="column">The 1-based column number of the fault, or 0 when it concerns a whole line.</param>
    /// <param name="cell">The text of the cell at fault, or null.</param>
    /// <param name="message">What is wrong and where; it names the file, the line, the column and the cell.</param>
    public CsvFormatException(string filePath, int line, int column, string? cell, string message)
        : base(filePath, message)
    {
        Line = line;
        Column = column;
        Cell = cell;
    }

    /// <summary>The 1-based line number of the fault (0: the whole file).</summary>
    public int Line { get; }

    /// <summary>The 1-based column number of the fault (0: the whole line).</summary>
    public int Column { get; }

    /// <summary>The text of the cell at fault, if the fault is a cell.</summary>
    public string? Cell { get; }
}
