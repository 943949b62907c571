using System.Globalization;

namespace Edu.Sdk.Training;

/// <summary>The one-line summaries of the progress bar and the log.</summary>
internal static class EpochLine
{
    static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>E.g. <c>loss 0.4123 acc 0.8712</c> or <c>loss 1.2034 MAE 0.8123</c>.</summary>
    public static string Scores(Scores s)
    {
        var text = "loss " + F(s.Loss);
        if (s.MeanAbsoluteError is { } mae) text += " MAE " + F(mae);
        if (s.Accuracy is { } acc) text += " acc " + F(acc);
        return text;
    }

    /// <summary>E.g. <c>epoch 3/5  train loss 0.4123 acc 0.8712 | validation loss 0.4410 acc 0.8601 | 12,345 samples/s</c>.</summary>
    public static string Record(EpochRecord r, int? epochs, string? name)
    {
        var line = (name is null ? "" : name + "  ") + (epochs is { } e ? $"epoch {r.Epoch}/{e}" : $"epoch {r.Epoch}") + $"  train {Scores(r.Train)}";
        if (r.Validation is { } v) line += " | validation " + Scores(v);
        if (r.Epoch > 0) line += " | " + Rate(r.SamplesPerSecond);
        return line;
    }

    public static string Rate(double samplesPerSecond) => samplesPerSecond.ToString("N0", CultureInfo.InvariantCulture) + " samples/s";
}
