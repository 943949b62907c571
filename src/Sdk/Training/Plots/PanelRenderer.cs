using System.Text;

namespace Edu.Sdk.Training.Plots;

/// <summary>Draws one <see cref="LinePanel"/> into an SVG string at a given place.</summary>
internal static class PanelRenderer
{
    const int MaxMarkers = 60;

    public static void Render(StringBuilder svg, LinePanel panel, double x0, double y0, double width, double height,
        (double Left, double Right, double Top, double Bottom) margin)
    {
        var (xs, ys) = Scales(panel);
        double left = x0 + margin.Left, right = x0 + width - margin.Right;
        double top = y0 + margin.Top, bottom = y0 + height - margin.Bottom;
        double X(double v) => left + (v - xs.Min) / (xs.Max - xs.Min) * (right - left);
        double Y(double v) => bottom - (v - ys.Min) / (ys.Max - ys.Min) * (bottom - top);
        string C(double v) => SvgText.Coordinate(v);

        svg.Append("<g class=\"panel\" data-title=\"").Append(SvgText.Escape(panel.Title)).Append("\">\n");
        svg.Append("<text class=\"title\" x=\"").Append(C((left + right) / 2)).Append("\" y=\"").Append(C(y0 + 22))
           .Append("\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">").Append(SvgText.Escape(panel.Title)).Append("</text>\n");

        // Grid lines and tick labels.
        svg.Append("<g class=\"grid\" stroke=\"#e0e0e0\" stroke-width=\"1\">\n");
        foreach (var t in ys.Ticks) Line(svg, left, Y(t), right, Y(t));
        foreach (var t in xs.Ticks) Line(svg, X(t), top, X(t), bottom);
        svg.Append("</g>\n");
        svg.Append("<g class=\"axes\" stroke=\"#333\" stroke-width=\"1\">\n");
        Line(svg, left, bottom, right, bottom);
        Line(svg, left, top, left, bottom);
        svg.Append("</g>\n");
        svg.Append("<g class=\"x-ticks\" text-anchor=\"middle\" fill=\"#333\">\n");
        foreach (var t in xs.Ticks)
            svg.Append("<text class=\"tick\" x=\"").Append(C(X(t))).Append("\" y=\"").Append(C(bottom + 16)).Append("\">").Append(SvgText.Escape(xs.Label(t))).Append("</text>\n");
        svg.Append("</g>\n");
        svg.Append("<g class=\"y-ticks\" text-anchor=\"end\" fill=\"#333\">\n");
        foreach (var t in ys.Ticks)
            svg.Append("<text class=\"tick\" x=\"").Append(C(left - 6)).Append("\" y=\"").Append(C(Y(t) + 4)).Append("\">").Append(SvgText.Escape(ys.Label(t))).Append("</text>\n");
        svg.Append("</g>\n");
        svg.Append("<text class=\"x-label\" x=\"").Append(C((left + right) / 2)).Append("\" y=\"").Append(C(bottom + 38))
           .Append("\" text-anchor=\"middle\">").Append(SvgText.Escape(panel.XLabel)).Append("</text>\n");
        double ly = (top + bottom) / 2, lx = x0 + 16;
        svg.Append("<text class=\"y-label\" x=\"").Append(C(lx)).Append("\" y=\"").Append(C(ly))
           .Append("\" text-anchor=\"middle\" transform=\"rotate(-90 ").Append(C(lx)).Append(' ').Append(C(ly)).Append(")\">")
           .Append(SvgText.Escape(panel.YLabel)).Append("</text>\n");

        // Curves: one polyline per run of finite points.
        for (int s = 0; s < panel.Series.Count; s++)
        {
            var series = panel.Series[s];
            string color = series.Color ?? Figure.Palette[s % Figure.Palette.Count];
            svg.Append("<g class=\"series\" data-name=\"").Append(SvgText.Escape(series.Name)).Append("\" stroke=\"").Append(SvgText.Escape(color))
               .Append("\" fill=\"").Append(SvgText.Escape(color)).Append("\">\n");
            var points = new StringBuilder();
            int finite = 0;
            void FlushLine()
            {
                if (points.Length == 0) return;
                svg.Append("<polyline fill=\"none\" stroke-width=\"2\"").Append(series.Dashed ? " stroke-dasharray=\"6 4\"" : "")
                   .Append(" points=\"").Append(points).Append("\"/>\n");
                points.Clear();
            }
            for (int i = 0; i < series.X.Count; i++)
            {
                double x = series.X[i], y = series.Y[i];
                if (!double.IsFinite(x) || !double.IsFinite(y)) { FlushLine(); continue; }
                finite++;
                if (points.Length > 0) points.Append(' ');
                points.Append(C(X(x))).Append(',').Append(C(Y(y)));
            }
            FlushLine();
            if (series.Markers && finite <= MaxMarkers)
                for (int i = 0; i < series.X.Count; i++)
                {
                    double x = series.X[i], y = series.Y[i];
                    if (double.IsFinite(x) && double.IsFinite(y))
                        svg.Append("<circle cx=\"").Append(C(X(x))).Append("\" cy=\"").Append(C(Y(y))).Append("\" r=\"3\" stroke=\"none\"/>\n");
                }
            svg.Append("</g>\n");
        }
        Legend(svg, panel, right, top, bottom);
        svg.Append("</g>\n");
    }

    static void Legend(StringBuilder svg, LinePanel panel, double right, double top, double bottom)
    {
        if (panel.Series.Count == 0) return;
        int longest = panel.Series.Max(s => s.Name.Length);
        double w = 40 + 7 * longest, h = 8 + 18 * panel.Series.Count;
        double x = right - w - 8, y = panel.Legend == LegendPosition.BottomRight ? bottom - h - 8 : top + 8;
        svg.Append("<g class=\"legend\">\n");
        svg.Append("<rect x=\"").Append(SvgText.Coordinate(x)).Append("\" y=\"").Append(SvgText.Coordinate(y)).Append("\" width=\"").Append(SvgText.Coordinate(w))
           .Append("\" height=\"").Append(SvgText.Coordinate(h)).Append("\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#ccc\"/>\n");
        for (int s = 0; s < panel.Series.Count; s++)
        {
            var series = panel.Series[s];
            string color = series.Color ?? Figure.Palette[s % Figure.Palette.Count];
            double ry = y + 14 + 18 * s;
            svg.Append("<line x1=\"").Append(SvgText.Coordinate(x + 8)).Append("\" y1=\"").Append(SvgText.Coordinate(ry - 4)).Append("\" x2=\"").Append(SvgText.Coordinate(x + 30))
               .Append("\" y2=\"").Append(SvgText.Coordinate(ry - 4)).Append("\" stroke=\"").Append(SvgText.Escape(color)).Append("\" stroke-width=\"2\"")
               .Append(series.Dashed ? " stroke-dasharray=\"6 4\"" : "").Append("/>\n");
            svg.Append("<text x=\"").Append(SvgText.Coordinate(x + 36)).Append("\" y=\"").Append(SvgText.Coordinate(ry)).Append("\">")
               .Append(SvgText.Escape(series.Name)).Append("</text>\n");
        }
        svg.Append("</g>\n");
    }

    static void Line(StringBuilder svg, double x1, double y1, double x2, double y2) =>
        svg.Append("<line x1=\"").Append(SvgText.Coordinate(x1)).Append("\" y1=\"").Append(SvgText.Coordinate(y1))
           .Append("\" x2=\"").Append(SvgText.Coordinate(x2)).Append("\" y2=\"").Append(SvgText.Coordinate(y2)).Append("\"/>\n");

    /// <summary>The axes' scales from the finite data, widened to the forced y bounds.</summary>
    static (NiceScale X, NiceScale Y) Scales(LinePanel panel)
    {
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity, yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        foreach (var s in panel.Series)
            for (int i = 0; i < s.X.Count; i++)
            {
                double x = s.X[i], y = s.Y[i];
                if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
                xMin = Math.Min(xMin, x); xMax = Math.Max(xMax, x);
                yMin = Math.Min(yMin, y); yMax = Math.Max(yMax, y);
            }
        if (xMin > xMax) (xMin, xMax) = (0, 1);
        if (yMin > yMax) (yMin, yMax) = (0, 1);
        if (panel.YMin is { } lo) yMin = Math.Min(yMin, lo);
        if (panel.YMax is { } hi) yMax = Math.Max(yMax, hi);
        return (NiceScale.For(xMin, xMax, 8, panel.IntegerX), NiceScale.For(yMin, yMax, 6));
    }
}
