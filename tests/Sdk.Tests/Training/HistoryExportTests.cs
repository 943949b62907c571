using System.Globalization;
using System.Xml.Linq;
using Edu.Sdk.Nn;
using Edu.Sdk.Training;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Training;

public class HistoryExportTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    static readonly Lazy<History> s_classification = new(() =>
    {
        var (train, validation) = TrainingData.Digits64;
        var model = Initialization.Reset(nn.Sequential(nn.Linear(64, 10)), new Generator(1));
        return Trainer.Fit(model, new CrossEntropyLoss(), optim.Adam(model.parameters(), lr: 1e-2), train, validation, new FitOptions { Epochs = 3 });
    });

    static readonly Lazy<History> s_regression = new(() =>
    {
        var (train, _) = TrainingData.Diabetes10;
        var model = Initialization.Reset(nn.Sequential(nn.Linear(10, 1)), new Generator(1));
        return Trainer.Fit(model, new MSELoss(), optim.SGD(model.parameters(), lr: 0.01), train, null, new FitOptions { Epochs = 2 });
    });

    [Fact]
    public void Csv_has_a_header_and_one_row_per_epoch_with_round_trippable_numbers()
    {
        var history = s_classification.Value;
        var lines = history.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("epoch,train_loss,train_accuracy,train_mae,validation_loss,validation_accuracy,validation_mae,seconds,samples_per_second", lines[0]);
        Assert.Equal(4, lines.Length - 1);
        for (int e = 0; e < 4; e++)
        {
            var cells = lines[e + 1].Split(',');
            Assert.Equal(9, cells.Length);
            var record = history.Epochs[e];
            Assert.Equal(e.ToString(CultureInfo.InvariantCulture), cells[0]);
            Assert.Equal(record.Train.Loss, double.Parse(cells[1], CultureInfo.InvariantCulture));
            Assert.Equal(record.Train.Accuracy, double.Parse(cells[2], CultureInfo.InvariantCulture));
            Assert.Equal("", cells[3]);
            Assert.Equal(record.Validation!.Value.Accuracy, double.Parse(cells[5], CultureInfo.InvariantCulture));
            Assert.Equal("", cells[6]);
        }
    }

    [Fact]
    public void Regression_csv_has_mae_and_empty_validation_cells()
    {
        var lines = s_regression.Value.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var cells = lines[1].Split(',');
        Assert.Equal("", cells[2]);
        Assert.True(double.Parse(cells[3], CultureInfo.InvariantCulture) > 0);
        Assert.Equal(["", "", ""], cells[4..7]);
    }

    [Fact]
    public void Save_csv_writes_atomically()
    {
        var dir = Directory.CreateTempSubdirectory("edu-csv-").FullName;
        try
        {
            var path = Path.Combine(dir, "history.csv");
            File.WriteAllText(path, "old");
            s_classification.Value.SaveCsv(path);
            Assert.Equal(s_classification.Value.ToCsv(), File.ReadAllText(path));
            Assert.Equal([path], Directory.GetFiles(dir));   // no temporary file left behind
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Curves_are_one_figure_with_loss_and_accuracy_panels()
    {
        var history = s_classification.Value;
        var doc = XDocument.Parse(history.ToFigure("Digits <linear>").ToSvg());
        var panels = doc.Root!.Elements(Svg + "g").Where(g => (string?)g.Attribute("class") == "panel").ToList();
        Assert.Equal(["Loss", "Accuracy"], panels.Select(p => p.Attribute("data-title")!.Value));
        foreach (var panel in panels)
        {
            var series = panel.Elements(Svg + "g").Where(g => (string?)g.Attribute("class") == "series").ToList();
            Assert.Equal(["train", "validation"], series.Select(s => s.Attribute("data-name")!.Value));
            Assert.All(series, s => Assert.Equal(4, s.Element(Svg + "polyline")!.Attribute("points")!.Value.Split(' ').Length));
        }
        Assert.Equal("Digits <linear>", doc.Root.Elements(Svg + "text").First().Value);

        var regression = XDocument.Parse(s_regression.Value.ToFigure().ToSvg());
        Assert.Contains(regression.Descendants(Svg + "g"), g => (string?)g.Attribute("data-title") == "Mean absolute error");
        Assert.DoesNotContain(regression.Descendants(Svg + "g"), g => (string?)g.Attribute("data-name") == "validation");
    }

    [Fact]
    public void Save_plot_writes_the_svg()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edu-curves-{Guid.NewGuid():N}.svg");
        try
        {
            s_classification.Value.SavePlot(path, "curves");
            Assert.Equal(s_classification.Value.ToFigure("curves").ToSvg(), File.ReadAllText(path));
        }
        finally { File.Delete(path); }
    }
}
