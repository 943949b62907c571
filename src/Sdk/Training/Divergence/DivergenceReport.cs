namespace Edu.Sdk.Training;

/// <summary>
/// Why training stopped: the epoch and step where the loss (or a gradient) became NaN or infinite, the layer whose
/// gradient or activation blew up with its norm, and what to try. <see cref="Message"/> says it all in words.
/// </summary>
public sealed record DivergenceReport
{
    /// <summary>The epoch (1-based) during which training diverged.</summary>
    public required int Epoch { get; init; }

    /// <summary>The step within the epoch (1-based batch number); 0 when found by the evaluation after the epoch.</summary>
    public required int Step { get; init; }

    /// <summary>The step counted from the start of training (1-based).</summary>
    public required long GlobalStep { get; init; }

    /// <summary>What became non-finite first.</summary>
    public required DivergenceCause Cause { get; init; }

    /// <summary>The loss value seen (NaN, ∞ or, for a gradient, the finite loss of that step).</summary>
    public required double Loss { get; init; }

    /// <summary>The parameter whose gradient blew up (the non-finite one, or the one that grew most since the first step), if any gradient was seen.</summary>
    public string? Parameter { get; init; }

    /// <summary>That parameter's gradient norm at the last backward (∞ or NaN when it overflowed).</summary>
    public double? GradientNorm { get; init; }

    /// <summary>The same parameter's gradient norm at the first step of training, for scale.</summary>
    public double? FirstGradientNorm { get; init; }

    /// <summary>The layer whose output (activation) is the first non-finite one on the batch, or the largest one; null when the model cannot list its layers.</summary>
    public string? Layer { get; init; }

    /// <summary>The norm of that layer's output.</summary>
    public double? ActivationNorm { get; init; }

    /// <summary>The parameters that now hold NaN or infinite values.</summary>
    public IReadOnlyList<string> NonFiniteParameters { get; init; } = [];

    /// <summary>The learning rate in force, when known.</summary>
    public double? LearningRate { get; init; }

    /// <summary>The report in words, with suggestions.</summary>
    public required string Message { get; init; }

    /// <summary>The same as <see cref="Message"/>.</summary>
    public override string ToString() => Message;
}
