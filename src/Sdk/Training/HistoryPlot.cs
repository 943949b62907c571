using Edu.Sdk.Training.Plots;

namespace Edu.Sdk.Training;

/// <summary>A2's figure: loss and accuracy (or MAE) per epoch, train solid and validation dashed, side by side.</summary>
internal static class HistoryPlot
{
    public static Figure Figure(History history, string? title)
    {
        double[] epochs = [.. history.Epochs.Select(e => (double)e.Epoch)];
        bool validation = history.Epochs.Any(e => e.Validation is not null);
        var loss = new LinePanel("Loss", "epoch", "mean loss");
        loss.Add(new Series("train", epochs, [.. history.Epochs.Select(e => e.Train.Loss)]));
        if (validation) loss.Add(new Series("validation", epochs, [.. history.Epochs.Select(e => e.Validation?.Loss ?? double.NaN)]) { Dashed = true });

        bool accuracy = history.Epochs.Any(e => e.Train.Accuracy is not null);
        LinePanel metric;
        if (accuracy)
        {
            metric = new LinePanel("Accuracy", "epoch", "accuracy") { YMax = 1, Legend = LegendPosition.BottomRight };
            metric.Add(new Series("train", epochs, [.. history.Epochs.Select(e => e.Train.Accuracy ?? double.NaN)]));
            if (validation) metric.Add(new Series("validation", epochs, [.. history.Epochs.Select(e => e.Validation?.Accuracy ?? double.NaN)]) { Dashed = true });
        }
        else
        {
            metric = new LinePanel("Mean absolute error", "epoch", "MAE") { YMin = 0 };
            metric.Add(new Series("train", epochs, [.. history.Epochs.Select(e => e.Train.MeanAbsoluteError ?? double.NaN)]));
            if (validation) metric.Add(new Series("validation", epochs, [.. history.Epochs.Select(e => e.Validation?.MeanAbsoluteError ?? double.NaN)]) { Dashed = true });
        }
        return new Figure(loss, metric) { Title = title ?? history.Name };
    }
}
