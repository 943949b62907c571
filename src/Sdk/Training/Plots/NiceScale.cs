namespace Edu.Sdk.Training.Plots;

/// <summary>
/// An axis range rounded outwards to "nice" numbers and its ticks (Heckbert's algorithm, Graphics Gems 1990): steps
/// are 1, 2 or 5 times a power of ten, so the labels read 0, 0.2, 0.4 … or 0, 5, 10 …, never 0.1733.
/// </summary>
/// <param name="Min">The axis start: a multiple of <paramref name="Step"/> at or below the data's minimum.</param>
/// <param name="Max">The axis end: a multiple of <paramref name="Step"/> at or above the data's maximum.</param>
/// <param name="Step">The distance between ticks.</param>
/// <param name="Decimals">How many decimals the tick labels need to tell the ticks apart.</param>
public sealed record NiceScale(double Min, double Max, double Step, int Decimals)
{
    /// <summary>The scale covering [<paramref name="min"/>, <paramref name="max"/>] with at most about <paramref name="maxTicks"/> ticks.</summary>
    /// <param name="min">The smallest value to show (non-finite values are the caller's to drop).</param>
    /// <param name="max">The largest value to show.</param>
    /// <param name="maxTicks">The wanted number of ticks (at least 2).</param>
    /// <param name="integerSteps">Ticks at whole numbers only (epochs, steps): the step is at least 1.</param>
    /// <exception cref="ArgumentException">A bound is not finite, or <paramref name="min"/> &gt; <paramref name="max"/>.</exception>
    public static NiceScale For(double min, double max, int maxTicks = 6, bool integerSteps = false)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
            throw new ArgumentException($"NiceScale: needs finite bounds with min <= max, got [{min}, {max}].");
        maxTicks = Math.Max(2, maxTicks);
        if (min == max)
        {
            // A flat series: open a window around it (±1 at zero, else ±10 % of the value).
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        double range = NiceNumber(max - min, round: false);
        double step = NiceNumber(range / (maxTicks - 1), round: true);
        if (integerSteps) step = Math.Max(1, Math.Round(step));
        double niceMin = Math.Floor(min / step) * step;
        double niceMax = Math.Ceiling(max / step) * step;
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9));
        return new NiceScale(Clean(niceMin, decimals), Clean(niceMax, decimals), step, decimals);
    }

    /// <summary>The tick values from <see cref="Min"/> to <see cref="Max"/>, rounded to <see cref="Decimals"/> (no 0.30000000000000004).</summary>
    public IReadOnlyList<double> Ticks
    {
        get
        {
            int count = (int)Math.Round((Max - Min) / Step) + 1;
            var ticks = new double[count];
            for (int i = 0; i < count; i++) ticks[i] = Clean(Min + i * Step, Decimals);
            return ticks;
        }
    }

    /// <summary>A tick's label: <see cref="Decimals"/> decimals, invariant culture; scientific notation beyond 1e6.</summary>
    public string Label(double tick) => SvgText.Number(tick, Decimals);

    /// <summary>The nice number near <paramref name="x"/>: rounded (1, 2, 5, 10 × 10ᵏ) or the smallest one at or above it.</summary>
    static double NiceNumber(double x, bool round)
    {
        double exponent = Math.Floor(Math.Log10(x));
        double power = Math.Pow(10, exponent);
        double fraction = x / power;
        double nice = round
            ? fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
            : fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }

    static double Clean(double value, int decimals)
    {
        double r = Math.Round(value, Math.Min(decimals, 15));
        return r == 0 ? 0 : r;   // no "-0"
    }
}
