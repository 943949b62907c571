namespace Edu.Sdk.Data;

/// <summary>The two parts returned by <see cref="Dataset.Split"/>: <c>var (train, validation) = data.Split(0.9, seed);</c>.</summary>
/// <param name="Train">The training part.</param>
/// <param name="Validation">The validation part (the rows not in <paramref name="Train"/>).</param>
public sealed record DatasetSplit(Dataset Train, Dataset Validation);
