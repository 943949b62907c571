namespace Edu.Sdk.Training.Plots;

/// <summary>One chart of a <see cref="Figure"/>: a title, two labelled axes with nice ticks, a grid, curves and a legend.</summary>
/// <param name="Title">Shown above the chart.</param>
/// <param name="XLabel">The x axis's label (e.g. <c>epoch</c>).</param>
/// <param name="YLabel">The y axis's label (e.g. <c>mean loss</c>).</param>
public sealed record LinePanel(string Title, string XLabel, string YLabel)
{
    /// <summary>The curves, drawn in order (the palette cycles: blue, orange, green, red, purple, …).</summary>
    public List<Series> Series { get; init; } = [];

    /// <summary>Forces the y axis to start here (e.g. 0 for an accuracy); from the data when null.</summary>
    public double? YMin { get; init; }

    /// <summary>Forces the y axis to end here (e.g. 1 for an accuracy); from the data when null.</summary>
    public double? YMax { get; init; }

    /// <summary>Where the legend sits (top right by default; bottom right suits rising curves).</summary>
    public LegendPosition Legend { get; init; }

    /// <summary>Ticks at whole x values only (epochs): the default.</summary>
    public bool IntegerX { get; init; } = true;

    /// <summary>Adds a curve and returns this panel, for chaining.</summary>
    public LinePanel Add(Series series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.X.Count != series.Y.Count)
            throw new ArgumentException($"LinePanel '{Title}': series '{series.Name}' has {series.X.Count} x values but {series.Y.Count} y values.", nameof(series));
        Series.Add(series);
        return this;
    }
}
