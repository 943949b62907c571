using System.Globalization;
using System.Text;

namespace Edu.Sdk.Training;

/// <summary>Writes a <see cref="History"/> as CSV: invariant culture, a header row, empty cells for scores that do not apply.</summary>
internal static class HistoryCsv
{
    public const string Header = "epoch,train_loss,train_accuracy,train_mae,validation_loss,validation_accuracy,validation_mae,seconds,samples_per_second";

    public static string Format(History history)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var r in history.Epochs)
        {
            sb.Append(r.Epoch.ToString(CultureInfo.InvariantCulture)).Append(',');
            Scores(sb, r.Train);
            sb.Append(',');
            if (r.Validation is { } v) Scores(sb, v);
            else sb.Append(",,");
            sb.Append(',').Append(Number(r.Seconds)).Append(',').Append(Number(r.SamplesPerSecond)).Append('\n');
        }
        return sb.ToString();
    }

    public static void Save(History history, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Format(history));
        Checkpoints.AtomicFile.Write(path, s => s.Write(bytes));
    }

    static void Scores(StringBuilder sb, Scores s) =>
        sb.Append(Number(s.Loss)).Append(',').Append(Optional(s.Accuracy)).Append(',').Append(Optional(s.MeanAbsoluteError));

    static string Optional(double? v) => v is { } x ? Number(x) : "";

    /// <summary>Round-trippable ("R") invariant numbers; NaN and infinities as NaN, inf, -inf (what NumPy and pandas read).</summary>
    static string Number(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf" : v.ToString("R", CultureInfo.InvariantCulture);
}
