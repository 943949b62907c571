using System.Globalization;
using System.Text;

namespace Edu.Sdk.Probability;

public sealed partial class FactorTable
{
    /// <summary>Tables with more rows than this print their first and last rows and a summary.</summary>
    public const int MaxPrintedRows = 40;

    /// <summary>Every entry as a row: a state per axis and the value, in storage order.</summary>
    public IEnumerable<FactorRow> ToRows()
    {
        for (int i = 0; i < _values.Length; i++) yield return new FactorRow(Variables, StatesAt(i), _values[i]);
    }

    int[] StatesAt(int offset)
    {
        var s = new int[_variables.Length];
        for (int k = 0; k < s.Length; k++) s[k] = offset / _strides[k] % _variables[k].Cardinality;
        return s;
    }

    internal static string FormatValue(double v) =>
        v != 0 && Math.Abs(v) < 1e-4 ? v.ToString("0.00000E+0", CultureInfo.InvariantCulture) : v.ToString("F6", CultureInfo.InvariantCulture);

    /// <summary>
    /// The table as aligned text: the label (when it answers a query), a header with the variable names, then one
    /// line per entry with the state names and the value. Tables longer than <see cref="MaxPrintedRows"/> rows show
    /// their first and last rows, how many were left out, and the sum.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Label is not null) sb.AppendLine(Label);
        string valueHeader = Label is not null && Label.StartsWith("P(", StringComparison.Ordinal) ? "P" : "φ";
        int n = _variables.Length;
        var widths = new int[n];
        for (int k = 0; k < n; k++) widths[k] = Math.Max(_variables[k].Name.Length, _variables[k].States.Max(s => s.Length));
        void Line(IEnumerable<string> cells, string value)
        {
            int k = 0;
            foreach (var c in cells) sb.Append(c.PadRight(widths[k++])).Append("  ");
            sb.Append(value).Append('\n');
        }
        Line(_variables.Select(v => v.Name), valueHeader);
        void Row(int i) => Line(StatesAt(i).Select((s, k) => _variables[k].States[s]), FormatValue(_values[i]));
        if (_values.Length <= MaxPrintedRows)
        {
            for (int i = 0; i < _values.Length; i++) Row(i);
        }
        else
        {
            const int head = 16, tail = 4;
            for (int i = 0; i < head; i++) Row(i);
            sb.Append(CultureInfo.InvariantCulture, $"… {_values.Length - head - tail} rows not shown …\n");
            for (int i = _values.Length - tail; i < _values.Length; i++) Row(i);
            sb.Append(CultureInfo.InvariantCulture, $"({_values.Length} rows over {string.Join("×", _variables.Select(v => v.Cardinality))}; sum {FormatValue(Sum())}, min {FormatValue(_values.Min())}, max {FormatValue(_values.Max())})\n");
        }
        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>
    /// The values on one line, labelled by state: <c>[g0: 0.204000, g1: 0.231600, g2: 0.564400]</c>
    /// (with <c>s0,g1: …</c> keys for several axes). Handy for printing query answers.
    /// </summary>
    public string ToCompactString() =>
        "[" + string.Join(", ", Enumerable.Range(0, _values.Length).Select(i =>
            string.Join(",", StatesAt(i).Select((s, k) => _variables[k].States[s])) + ": " + FormatValue(_values[i]))) + "]";
}
