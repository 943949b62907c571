using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>A numeric table read by <see cref="Csv.Load"/>: column names and one tensor of values.</summary>
/// <param name="ColumnNames">The header's names, or <c>"0"</c>, <c>"1"</c>, ... when the file has no header.</param>
/// <param name="Values">Float64 (or the dtype asked for), shape (rows, columns), row-major as in the file.</param>
/// <param name="Source">The file the table was read from.</param>
public sealed record CsvTable(IReadOnlyList<string> ColumnNames, Tensor Values, string Source)
{
    /// <summary>The number of data rows (the header line not counted).</summary>
    public int Rows => (int)Values.size(0);

    /// <summary>The number of columns.</summary>
    public int Columns => (int)Values.size(1);

    /// <summary>The column at <paramref name="index"/> (0-based), copied, shape (rows).</summary>
    public Tensor Column(int index)
    {
        if (index < 0 || index >= Columns)
            throw new ArgumentOutOfRangeException(nameof(index), $"CsvTable.Column: index {index} is outside 0..{Columns - 1} ({Source} has {Columns} columns).");
        return Values.index_select(1, torch.tensor(new long[] { index })).reshape(Rows);
    }

    /// <summary>The column named <paramref name="name"/>, copied, shape (rows).</summary>
    /// <exception cref="KeyNotFoundException">No column has that name; the message lists the names.</exception>
    public Tensor Column(string name) => Column(IndexOf(name));

    /// <summary>The columns named <paramref name="names"/>, in that order, copied, shape (rows, names.Length): e.g. the features of a model.</summary>
    /// <exception cref="KeyNotFoundException">A name is not a column; the message lists the names.</exception>
    public Tensor Select(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var idx = names.Select(n => (long)IndexOf(n)).ToArray();
        return Values.index_select(1, torch.tensor(idx));
    }

    int IndexOf(string name)
    {
        for (int i = 0; i < ColumnNames.Count; i++)
            if (string.Equals(ColumnNames[i], name, StringComparison.Ordinal)) return i;
        throw new KeyNotFoundException($"CsvTable: no column named \"{name}\" in {Source}; its columns are: {string.Join(", ", ColumnNames)}.");
    }

    /// <summary>E.g. <c>442 rows x 10 columns (age, sex, bmi, ...) from data.csv</c>.</summary>
    public override string ToString()
    {
        string names = ColumnNames.Count <= 6 ? string.Join(", ", ColumnNames) : string.Join(", ", ColumnNames.Take(5)) + ", ...";
        return $"{Rows} rows x {Columns} columns ({names}) from {Source}";
    }
}
