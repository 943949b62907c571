using Edu.Sdk.Data;

namespace Edu.Sdk.Tests.Training;

/// <summary>The embedded data sets, loaded once and split with fixed seeds: small enough for many short trainings.</summary>
internal static class TrainingData
{
    static readonly Lazy<(Dataset Train, Dataset Validation)> s_digits = new(() =>
    {
        var split = Digits.Load().ToDataset().Split(0.8, seed: 0);
        return (split.Train, split.Validation);
    });

    static readonly Lazy<(Dataset Train, Dataset Validation)> s_digitImages = new(() =>
    {
        var split = Digits.Load().ToDataset(flatten: false).Split(0.8, seed: 0);
        return (split.Train, split.Validation);
    });

    static readonly Lazy<(Dataset Train, Dataset Validation)> s_diabetes = new(() =>
    {
        var split = Diabetes.Load().ToDataset().Split(0.8, seed: 0);
        var scaler = Standardizer.Fit(split.Train.Features);
        return (scaler.Transform(split.Train), scaler.Transform(split.Validation));
    });

    /// <summary>Digits, 64 pixels per row in [0, 1], Int64 labels: 1438 train, 359 validation.</summary>
    public static (Dataset Train, Dataset Validation) Digits64 => s_digits.Value;

    /// <summary>Digits as (n, 8, 8) images.</summary>
    public static (Dataset Train, Dataset Validation) DigitImages => s_digitImages.Value;

    /// <summary>Diabetes, standardised features (10), raw target (n, 1) around 150.</summary>
    public static (Dataset Train, Dataset Validation) Diabetes10 => s_diabetes.Value;
}
