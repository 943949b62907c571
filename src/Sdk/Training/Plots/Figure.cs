using System.Text;

namespace Edu.Sdk.Training.Plots;

/// <summary>
/// A figure of one or more <see cref="LinePanel"/>s side by side, rendered to a standalone SVG file that any browser
/// shows and that Markdown docs embed (<c>![curves](curves.svg)</c>). The output depends only on the data: the same
/// curves give the same bytes on every machine (invariant numbers, fixed precision, no timestamps).
/// </summary>
/// <example>
/// <code>
/// var loss = new LinePanel("Loss", "epoch", "mean NLL")
///     .Add(new Series("train", epochs, trainLoss))
///     .Add(new Series("validation", epochs, validationLoss) { Dashed = true });
/// new Figure(loss, accuracyPanel).Save("curves.svg");
/// </code>
/// </example>
public sealed class Figure
{
    /// <summary>The colours given to series without one, in order (matplotlib's "tab10").</summary>
    public static IReadOnlyList<string> Palette { get; } = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    const double Left = 64, Right = 18, Top = 36, Bottom = 50;

    /// <summary>A figure of <paramref name="panels"/>, left to right.</summary>
    public Figure(params LinePanel[] panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Length == 0) throw new ArgumentException("Figure: needs at least one panel.", nameof(panels));
        Panels = panels;
    }

    /// <summary>The panels, left to right.</summary>
    public IReadOnlyList<LinePanel> Panels { get; }

    /// <summary>The width of each panel in pixels (480 by default).</summary>
    public int PanelWidth { get; init; } = 480;

    /// <summary>The figure's height in pixels (360 by default).</summary>
    public int Height { get; init; } = 360;

    /// <summary>A title above all panels (none by default).</summary>
    public string? Title { get; init; }

    /// <summary>The SVG document.</summary>
    public string ToSvg()
    {
        double titleSpace = Title is null ? 0 : 28;
        double width = PanelWidth * Panels.Count, height = Height + titleSpace;
        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(SvgText.Coordinate(width))
           .Append("\" height=\"").Append(SvgText.Coordinate(height))
           .Append("\" viewBox=\"0 0 ").Append(SvgText.Coordinate(width)).Append(' ').Append(SvgText.Coordinate(height))
           .Append("\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        if (Title is not null)
            svg.Append("<text class=\"figure-title\" x=\"").Append(SvgText.Coordinate(width / 2)).Append("\" y=\"20\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">")
               .Append(SvgText.Escape(Title)).Append("</text>\n");
        for (int i = 0; i < Panels.Count; i++)
            PanelRenderer.Render(svg, Panels[i], i * PanelWidth, titleSpace, PanelWidth, Height, (Left, Right, Top, Bottom));
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Writes the SVG to <paramref name="path"/> atomically (a reader never sees half a file).</summary>
    public void Save(string path)
    {
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(ToSvg());
        Checkpoints.AtomicFile.Write(path, s => s.Write(bytes));
    }
}
