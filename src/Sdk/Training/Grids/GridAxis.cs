using System.Globalization;

namespace Edu.Sdk.Training;

/// <summary>One axis of a hyper-parameter grid: its name and its values, e.g. <c>new GridAxis&lt;double&gt;("learning rate", [0.1, 0.01, 0.001])</c>.</summary>
/// <typeparam name="T">The values' type (a learning rate, a batch size, a depth, ...).</typeparam>
/// <param name="Name">The axis's name, shown in the table's corner.</param>
/// <param name="Values">The values, in the table's order.</param>
public sealed record GridAxis<T>(string Name, IReadOnlyList<T> Values)
{
    /// <summary>How a value is written in the table (invariant culture by default).</summary>
    public Func<T, string>? Format { get; init; }

    internal string Label(T value) => Format is { } f ? f(value)
        : value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? "";
}
