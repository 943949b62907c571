using System.Globalization;

namespace Edu.Sdk.Training;

/// <summary>How well a model does on one data set: its mean loss and, by task, its accuracy or mean absolute error.</summary>
/// <param name="Loss">The mean loss over the examples (each batch weighted by its size).</param>
/// <param name="Accuracy">The fraction of examples classified right (classification; for regression of class labels, the accuracy of the rounded prediction when asked for), or null.</param>
/// <param name="MeanAbsoluteError">The mean |prediction − target| (regression), or null.</param>
/// <param name="Count">How many examples were scored.</param>
public readonly record struct Scores(double Loss, double? Accuracy, double? MeanAbsoluteError, int Count)
{
    /// <summary>E.g. <c>loss 0.4123, accuracy 0.8712</c> or <c>loss 1.2034, MAE 0.8123</c>.</summary>
    public override string ToString()
    {
        var s = "loss " + Loss.ToString("F4", CultureInfo.InvariantCulture);
        if (MeanAbsoluteError is { } mae) s += ", MAE " + mae.ToString("F4", CultureInfo.InvariantCulture);
        if (Accuracy is { } acc) s += ", accuracy " + acc.ToString("F4", CultureInfo.InvariantCulture);
        return s;
    }
}
