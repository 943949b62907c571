using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Edu.Sdk.Training;

/// <summary>
/// The outcome of <see cref="HyperparameterGrid.Run"/>: every cell's history, and its table of scores in A2/A3's
/// layout (one row per value of the first hyper-parameter, one column per value of the second), printed in the
/// terminal (<see cref="Print"/>), as Markdown (<see cref="ToMarkdown"/>) or as plain text (<see cref="ToString"/>).
/// The best cell is marked; a cell whose training diverged says so instead of showing NaN.
/// </summary>
/// <typeparam name="TRow">The row axis's value type.</typeparam>
/// <typeparam name="TColumn">The column axis's value type.</typeparam>
public sealed class GridResult<TRow, TColumn>
{
    readonly History[,] _histories;
    readonly GridOptions _options;
    readonly Func<History, double?> _score;
    readonly bool _higherIsBetter;

    internal GridResult(GridAxis<TRow> rows, GridAxis<TColumn> columns, History[,] histories, GridOptions options)
    {
        Rows = rows;
        Columns = columns;
        _histories = histories;
        _options = options;
        bool classification = histories[0, 0].Task == TaskKind.Classification;
        _score = options.Score ?? (classification ? DefaultAccuracy : DefaultError);
        _higherIsBetter = options.HigherIsBetter ?? (options.Score is null ? classification : true);
        ScoreName = options.ScoreName ?? (options.Score is not null ? "Score" :
            (histories[0, 0].Last.Validation is null ? "Training " : "Validation ") + (classification ? "accuracy" : "mean absolute error"));
        int epochs = 0;
        foreach (var h in histories) if (!h.Diverged) epochs = Math.Max(epochs, h.Last.Epoch);
        Title = options.Title ?? (epochs > 0 ? $"{ScoreName} after {epochs} epoch{(epochs == 1 ? "" : "s")}" : ScoreName);
        Best = FindBest();
    }

    /// <summary>The rows' hyper-parameter.</summary>
    public GridAxis<TRow> Rows { get; }

    /// <summary>The columns' hyper-parameter.</summary>
    public GridAxis<TColumn> Columns { get; }

    /// <summary>What the cells show (e.g. <c>Validation accuracy</c>).</summary>
    public string ScoreName { get; }

    /// <summary>The table's title (e.g. <c>Validation accuracy after 5 epochs</c>).</summary>
    public string Title { get; }

    /// <summary>The history of the cell at (<paramref name="row"/>, <paramref name="column"/>), by position.</summary>
    public History this[int row, int column] => _histories[row, column];

    /// <summary>The cell's score, or null when its training diverged (or the score does not apply).</summary>
    public double? Score(int row, int column)
    {
        var h = _histories[row, column];
        if (h.Diverged) return null;
        return _score(h) is { } s && double.IsFinite(s) ? s : null;
    }

    /// <summary>The best cell: its values, position, score and history (null score when every cell diverged).</summary>
    public (TRow Row, TColumn Column, int RowIndex, int ColumnIndex, double? Score, History History) Best { get; }

    /// <summary>The table as a Spectre.Console table, the best score in bold green, diverged cells in red.</summary>
    public Table ToTable()
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(Title)) }.Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn(Markup.Escape(Corner)));
        foreach (var c in Columns.Values) table.AddColumn(new TableColumn(Markup.Escape(Columns.Label(c))).RightAligned());
        for (int r = 0; r < Rows.Values.Count; r++)
        {
            var cells = new List<string> { Markup.Escape(Rows.Label(Rows.Values[r])) };
            for (int c = 0; c < Columns.Values.Count; c++)
            {
                string text = Markup.Escape(Cell(r, c));
                cells.Add(IsBest(r, c) ? $"[bold green]{text}[/]" : _histories[r, c].Diverged ? $"[red]{text}[/]" : text);
            }
            table.AddRow(cells.ToArray());
        }
        return table;
    }

    /// <summary>Writes <see cref="ToTable"/> to the terminal (plain characters when output is redirected).</summary>
    public void Print() => AnsiConsole.Write(ToTable());

    /// <summary>
    /// The table in Markdown, the title in bold above it and the best score in bold:
    /// <code>
    /// **Validation accuracy after 5 epochs**
    ///
    /// | learning rate \ batch size | 1 | 20 | 200 | 1000 |
    /// | --- | ---: | ---: | ---: | ---: |
    /// | 0.1 | 0.8123 | 0.8345 | **0.8512** | 0.8011 |
    /// </code>
    /// </summary>
    public string ToMarkdown()
    {
        static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);
        var sb = new StringBuilder();
        sb.Append("**").Append(Escape(Title)).Append("**\n\n");
        sb.Append("| ").Append(Escape(Corner)).Append(" |");
        foreach (var c in Columns.Values) sb.Append(' ').Append(Escape(Columns.Label(c))).Append(" |");
        sb.Append("\n| --- |");
        foreach (var _ in Columns.Values) sb.Append(" ---: |");
        sb.Append('\n');
        for (int r = 0; r < Rows.Values.Count; r++)
        {
            sb.Append("| ").Append(Escape(Rows.Label(Rows.Values[r]))).Append(" |");
            for (int c = 0; c < Columns.Values.Count; c++)
            {
                string text = Escape(Cell(r, c));
                sb.Append(' ').Append(IsBest(r, c) ? $"**{text}**" : text).Append(" |");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The table as aligned plain text (for logs and tests), the best score marked with <c>*</c>.</summary>
    public override string ToString()
    {
        var header = new List<string> { Corner };
        header.AddRange(Columns.Values.Select(Columns.Label));
        var rows = new List<List<string>> { header };
        for (int r = 0; r < Rows.Values.Count; r++)
        {
            var row = new List<string> { Rows.Label(Rows.Values[r]) };
            for (int c = 0; c < Columns.Values.Count; c++) row.Add(Cell(r, c) + (IsBest(r, c) ? "*" : ""));
            rows.Add(row);
        }
        int[] widths = [.. Enumerable.Range(0, header.Count).Select(i => rows.Max(row => row[i].Length))];
        var sb = new StringBuilder(Title).Append('\n');
        foreach (var row in rows)
        {
            for (int i = 0; i < row.Count; i++)
            {
                if (i > 0) sb.Append("  ");
                sb.Append(i == 0 ? row[i].PadRight(widths[i]) : row[i].PadLeft(widths[i]));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    string Corner => $"{Rows.Name} \\ {Columns.Name}";

    /// <summary>The score with fixed decimals, "diverged (epoch e)" for a diverged training, "—" when the score does not apply.</summary>
    string Cell(int r, int c)
    {
        var h = _histories[r, c];
        if (h.Diverged) return $"diverged (epoch {h.Divergence!.Epoch})";
        return Score(r, c) is { } s ? s.ToString("F" + _options.Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "—";
    }

    bool IsBest(int r, int c) => Best.Score is not null && Best.RowIndex == r && Best.ColumnIndex == c;

    (TRow, TColumn, int, int, double?, History) FindBest()
    {
        (int r, int c, double s) best = (0, 0, double.NaN);
        for (int r = 0; r < Rows.Values.Count; r++)
            for (int c = 0; c < Columns.Values.Count; c++)
            {
                if (Score(r, c) is not { } s) continue;
                if (double.IsNaN(best.s) || (_higherIsBetter ? s > best.s : s < best.s)) best = (r, c, s);
            }
        return (Rows.Values[best.r], Columns.Values[best.c], best.r, best.c, double.IsNaN(best.s) ? null : best.s, _histories[best.r, best.c]);
    }

    static double? DefaultAccuracy(History h) => (h.Last.Validation ?? h.Last.Train).Accuracy;

    static double? DefaultError(History h) => (h.Last.Validation ?? h.Last.Train).MeanAbsoluteError;
}
