namespace Edu.Sdk.Training;

/// <summary>What the fit loop saw become NaN or infinite.</summary>
public enum DivergenceCause
{
    /// <summary>A training batch's loss.</summary>
    Loss,

    /// <summary>A gradient, right after a backward (the loss was still finite).</summary>
    Gradient,

    /// <summary>The loss of an evaluation pass after an epoch.</summary>
    Evaluation,
}
