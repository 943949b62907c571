using System.Globalization;

namespace Edu.Sdk.Optim;

/// <summary>Argument checks shared by the optimizers, so every one words its errors the same way.</summary>
internal static class Hyperparameters
{
    /// <summary>A learning rate: finite and non-negative (0 freezes the parameters, which schedules may want).</summary>
    public static double LearningRate(string optimizer, double lr) =>
        double.IsFinite(lr) && lr >= 0 ? lr
        : throw new ArgumentOutOfRangeException(nameof(lr), lr, $"{optimizer}: invalid learning rate {Format(lr)}; lr must be a finite number >= 0.");

    /// <summary>A non-negative finite coefficient (momentum, weight decay, eps).</summary>
    public static double NonNegative(string optimizer, string name, double value) =>
        double.IsFinite(value) && value >= 0 ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{optimizer}: invalid {name} value {Format(value)}; it must be a finite number >= 0.");

    /// <summary>A beta of Adam: in [0, 1), since 1 − βᵗ divides the moments in the bias correction.</summary>
    public static double Beta(string optimizer, string name, double value) =>
        value >= 0 && value < 1 ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{optimizer}: invalid {name} {Format(value)}; betas must be in [0, 1).");

    public static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
