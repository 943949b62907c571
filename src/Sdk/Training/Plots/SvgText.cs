using System.Globalization;
using System.Text;

namespace Edu.Sdk.Training.Plots;

/// <summary>How the plots write text and numbers into SVG: XML escaping and invariant, fixed-precision numbers, so the same data always gives the same file.</summary>
public static class SvgText
{
    /// <summary>Escapes <c>&amp; &lt; &gt; " '</c> so <paramref name="text"/> is safe inside an element or an attribute; drops characters XML forbids.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                default:
                    // XML 1.0 allows tab, newline, carriage return and everything from U+0020 up (surrogates in pairs).
                    if (c >= 0x20 || c is '\t' or '\n' or '\r') sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A coordinate: two decimals, invariant culture, no trailing zeros (<c>12.5</c>, <c>40</c>).</summary>
    public static string Coordinate(double value) => Trim(Math.Round(value, 2).ToString("F2", CultureInfo.InvariantCulture));

    /// <summary>A value with <paramref name="decimals"/> decimals (invariant culture); scientific notation (<c>1.5e+07</c>) from 1e6 up.</summary>
    public static string Number(double value, int decimals)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "−∞";
        if (Math.Abs(value) >= 1e6) return value.ToString("0.###e+0", CultureInfo.InvariantCulture);
        string s = Math.Round(value, Math.Min(decimals, 15)).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return s.StartsWith('-') && s.Trim('-', '0', '.').Length == 0 ? s[1..] : s;   // no "-0.00"
    }

    static string Trim(string s)
    {
        if (!s.Contains('.', StringComparison.Ordinal)) return s;
        s = s.TrimEnd('0').TrimEnd('.');
        return s == "-0" ? "0" : s;
    }
}
