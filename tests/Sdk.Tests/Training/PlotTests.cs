using System.Xml.Linq;
using Edu.Sdk.Training.Plots;

namespace Edu.Sdk.Tests.Training;

public class PlotTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Theory]
    [InlineData(0, 1, 6, 0, 1, 0.2)]
    [InlineData(0.13, 0.87, 6, 0, 1, 0.2)]
    [InlineData(0, 5, 8, 0, 5, 1)]
    [InlineData(0, 50, 8, 0, 50, 10)]
    [InlineData(2.31, 2.58, 6, 2.3, 2.6, 0.1)]
    [InlineData(2.31, 2.58, 12, 2.3, 2.6, 0.05)]
    [InlineData(-3, 17, 6, -5, 20, 5)]
    [InlineData(1000, 98000, 6, 0, 100000, 20000)]
    public void Nice_scale_rounds_outwards_to_1_2_5_steps(double min, double max, int ticks, double niceMin, double niceMax, double step)
    {
        var s = NiceScale.For(min, max, ticks);
        Assert.Equal(niceMin, s.Min, 12);
        Assert.Equal(niceMax, s.Max, 12);
        Assert.Equal(step, s.Step, 12);
        Assert.True(s.Ticks.Count <= ticks + 2);
    }

    [Fact]
    public void Tick_values_and_labels_are_clean()
    {
        var s = NiceScale.For(0.1, 0.7, 10);
        Assert.Equal([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], s.Ticks);
        Assert.Equal(["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"], s.Ticks.Select(s.Label));
        var coarse = NiceScale.For(0.1, 0.7, 6);
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8"], coarse.Ticks.Select(coarse.Label));
        Assert.Equal("1.5e+7", NiceScale.For(0, 2e7).Label(1.5e7));
    }

    [Fact]
    public void Flat_series_and_integer_axes_get_sensible_scales()
    {
        var flat = NiceScale.For(3, 3);
        Assert.True(flat.Min < 3 && flat.Max > 3);
        var zero = NiceScale.For(0, 0);
        Assert.True(zero.Min < 0 && zero.Max > 0);
        var epochs = NiceScale.For(0, 1, 8, integerSteps: true);
        Assert.Equal([0, 1], epochs.Ticks);
    }

    [Fact]
    public void Escape_handles_markup_quotes_and_control_characters()
    {
        Assert.Equal("a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;", SvgText.Escape("a <b> & \"c\" 'd'"));
        Assert.Equal("ab", SvgText.Escape("a\u0001b"));
        Assert.Equal("12.5", SvgText.Coordinate(12.499999));
        Assert.Equal("40", SvgText.Coordinate(40.0));
        Assert.Equal("0", SvgText.Coordinate(-0.001));
        Assert.Equal("0.00", SvgText.Number(-0.0001, 2));
    }

    static Figure TwoPanels(string seriesName = "train")
    {
        double[] epochs = [0, 1, 2, 3, 4, 5];
        var loss = new LinePanel("Loss", "epoch", "mean NLL")
            .Add(new Series(seriesName, epochs, [2.3, 0.9, 0.7, 0.6, 0.55, 0.5]))
            .Add(new Series("validation", epochs, [2.3, 1.0, 0.8, double.NaN, 0.7, 0.68]) { Dashed = true });
        var acc = new LinePanel("Accuracy", "epoch", "accuracy") { YMin = 0, YMax = 1 }
            .Add(new Series(seriesName, epochs, [0.1, 0.7, 0.8, 0.82, 0.84, 0.85]))
            .Add(new Series("validation", epochs, [0.1, 0.68, 0.78, 0.8, 0.81, 0.83]) { Dashed = true });
        return new Figure(loss, acc) { Title = "Softmax regression <SGD & Adam>" };
    }

    [Fact]
    public void Svg_is_well_formed_with_two_panels_ticks_legends_and_lines()
    {
        var doc = XDocument.Parse(TwoPanels().ToSvg());
        var root = doc.Root!;
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal("960", root.Attribute("width")!.Value);
        Assert.Equal("Softmax regression <SGD & Adam>", root.Descendants(Svg + "text").Single(t => (string?)t.Attribute("class") == "figure-title").Value);

        var panels = root.Elements(Svg + "g").Where(g => (string?)g.Attribute("class") == "panel").ToList();
        Assert.Equal(2, panels.Count);
        Assert.Equal(["Loss", "Accuracy"], panels.Select(p => p.Attribute("data-title")!.Value));

        string[] Ticks(XElement panel, string axis) => panel.Elements(Svg + "g").Single(g => (string?)g.Attribute("class") == axis)
            .Elements(Svg + "text").Select(t => t.Value).ToArray();
        Assert.Equal(["0", "1", "2", "3", "4", "5"], Ticks(panels[0], "x-ticks"));
        Assert.Equal(["0.5", "1.0", "1.5", "2.0", "2.5"], Ticks(panels[0], "y-ticks"));
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], Ticks(panels[1], "y-ticks"));

        foreach (var panel in panels)
        {
            var legend = panel.Elements(Svg + "g").Single(g => (string?)g.Attribute("class") == "legend");
            Assert.Equal(["train", "validation"], legend.Elements(Svg + "text").Select(t => t.Value));
            Assert.Equal("epoch", panel.Elements(Svg + "text").Single(t => (string?)t.Attribute("class") == "x-label").Value);
        }
        var series = panels[0].Elements(Svg + "g").Where(g => (string?)g.Attribute("class") == "series").ToList();
        Assert.Single(series[0].Elements(Svg + "polyline"));
        Assert.Equal(6, series[0].Elements(Svg + "polyline").Single().Attribute("points")!.Value.Split(' ').Length);
        // The NaN breaks the validation curve into two lines, and gets no marker.
        Assert.Equal(2, series[1].Elements(Svg + "polyline").Count());
        Assert.Equal(5, series[1].Elements(Svg + "circle").Count());
        Assert.Equal("6 4", series[1].Elements(Svg + "polyline").First().Attribute("stroke-dasharray")!.Value);
    }

    [Fact]
    public void Points_are_placed_on_the_scale()
    {
        var panel = new LinePanel("P", "x", "y").Add(new Series("s", [0, 10], [0, 1]) { Markers = false });
        var doc = XDocument.Parse(new Figure(panel) { PanelWidth = 400, Height = 300 }.ToSvg());
        var points = doc.Descendants(Svg + "polyline").Single().Attribute("points")!.Value;
        // Margins: left 64, right 18, top 36, bottom 50: x from 64 to 382, y from 250 (0) up to 36 (1).
        Assert.Equal("64,250 382,36", points);
    }

    [Fact]
    public void Names_are_escaped_and_output_is_deterministic()
    {
        var a = TwoPanels("train <\"&'>").ToSvg();
        var b = TwoPanels("train <\"&'>").ToSvg();
        Assert.Equal(a, b);
        Assert.Contains("train &lt;&quot;&amp;&apos;&gt;", a, StringComparison.Ordinal);
        var doc = XDocument.Parse(a);
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "train <\"&'>");
    }

    [Fact]
    public void Empty_and_all_nan_panels_still_render()
    {
        var doc = XDocument.Parse(new Figure(new LinePanel("Empty", "x", "y"), new LinePanel("NaN", "x", "y").Add(new Series("s", [0, 1], [double.NaN, double.NaN]))).ToSvg());
        Assert.Empty(doc.Descendants(Svg + "polyline"));
    }

    [Fact]
    public void Save_writes_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edu-plot-{Guid.NewGuid():N}.svg");
        try
        {
            TwoPanels().Save(path);
            Assert.Equal(TwoPanels().ToSvg(), File.ReadAllText(path));
        }
        finally { File.Delete(path); }
    }
}
