using System.Globalization;
using System.Text;

namespace Edu.Sdk.Checking;

/// <summary>How one input's (or parameter's) analytical gradient compares with finite differences.</summary>
/// <param name="Name">The input's name (<c>input 0</c>, or the parameter's name).</param>
/// <param name="Shape">The input's shape.</param>
/// <param name="MaxAbsError">The largest |analytical − numerical| over all entries.</param>
/// <param name="MaxRelError">The largest |analytical − numerical| / max(|numerical|, tiny) over all entries.</param>
/// <param name="WorstIndex">Where the tolerance is exceeded most (or the largest error when it passes), as a multi-index into the input.</param>
/// <param name="Analytical">The analytical value at <paramref name="WorstIndex"/>.</param>
/// <param name="Numerical">The numerical value at <paramref name="WorstIndex"/>.</param>
/// <param name="Passed">True when every entry is within tolerance.</param>
public sealed record GradCheckEntry(string Name, long[] Shape, double MaxAbsError, double MaxRelError, long[] WorstIndex,
    double Analytical, double Numerical, bool Passed);

/// <summary>The result of a gradient check: one entry per checked tensor.</summary>
public sealed class GradCheckReport
{
    internal GradCheckReport(string what, IReadOnlyList<GradCheckEntry> entries, GradCheckOptions options)
    {
        What = what;
        Entries = entries;
        Options = options;
    }

    /// <summary>What was checked (a function, a module, a custom function).</summary>
    public string What { get; }

    /// <summary>One entry per input or parameter.</summary>
    public IReadOnlyList<GradCheckEntry> Entries { get; }

    /// <summary>The tolerances used.</summary>
    public GradCheckOptions Options { get; }

    /// <summary>True when every entry passed.</summary>
    public bool Passed => Entries.All(e => e.Passed);

    /// <summary>A table: one line per tensor with its errors, and for failures where and by how much.</summary>
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"Gradient check of {What}: {(Passed ? "passed" : "FAILED")} (eps {Options.Eps:g3}, atol {Options.Atol:g3}, rtol {Options.Rtol:g3})\n");
        int w = Math.Max(4, Entries.Count == 0 ? 4 : Entries.Max(e => e.Name.Length));
        sb.Append("  ").Append("name".PadRight(w)).Append("  shape        max abs err  max rel err  worst at\n");
        foreach (var e in Entries)
        {
            sb.Append("  ").Append(e.Name.PadRight(w)).Append("  ")
              .Append(string.Join("x", e.Shape).PadRight(11)).Append("  ")
              .Append(e.MaxAbsError.ToString("0.00e+00", inv).PadLeft(11)).Append("  ")
              .Append(e.MaxRelError.ToString("0.00e+00", inv).PadLeft(11)).Append("  ")
              .Append('[').Append(string.Join(", ", e.WorstIndex)).Append(']');
            if (!e.Passed)
                sb.Append(inv, $"  FAILED: analytical {e.Analytical:g6}, numerical {e.Numerical:g6}");
            sb.Append('\n');
        }
        return sb.ToString().TrimEnd('\n');
    }
}
