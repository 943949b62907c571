namespace Edu.Sdk.Data;

/// <summary>How a <see cref="BatchLoader"/> picks the rows of each batch.</summary>
public enum BatchOrder
{
    /// <summary>Every row once per epoch, in order.</summary>
    Sequential,
    /// <summary>Every row once per epoch, in a new random order each epoch (Fisher–Yates, as <c>torch.randperm</c>).</summary>
    Shuffled,
    /// <summary>Each row of each batch drawn uniformly at random, with replacement.</summary>
    WithReplacement,
}
