namespace Edu.Sdk.Training.Plots;

/// <summary>One curve of a <see cref="LinePanel"/>: points (X[i], Y[i]) joined by a line. Non-finite points break the line.</summary>
/// <param name="Name">The legend's text.</param>
/// <param name="X">The x coordinates.</param>
/// <param name="Y">The y coordinates (as many as <paramref name="X"/>).</param>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>The line's colour (any SVG colour); the panel's palette picks one when null.</summary>
    public string? Color { get; init; }

    /// <summary>A dashed line (e.g. validation beside a solid training curve).</summary>
    public bool Dashed { get; init; }

    /// <summary>Draws a dot at each point (the default; skipped past 60 points).</summary>
    public bool Markers { get; init; } = true;
}
