namespace Edu.Sdk.Training;

/// <summary>How a grid runs its cells and what its table shows.</summary>
public sealed record GridOptions
{
    /// <summary>Cells trained at once, each on its own thread: the number of cores by default (both cores here).</summary>
    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>The seed of the first cell; the others get the next ones, row by row.</summary>
    public long Seed { get; init; }

    /// <summary>
    /// The number each cell shows, from its history: by default the last epoch's validation accuracy
    /// (classification) or validation mean absolute error (regression); null shows as "diverged" or "—".
    /// </summary>
    public Func<History, double?>? Score { get; init; }

    /// <summary>What <see cref="Score"/> is, for the title (e.g. <c>Validation accuracy</c>); from the task by default.</summary>
    public string? ScoreName { get; init; }

    /// <summary>Whether a higher score is better (it decides the best cell); by default false for the default regression score (an error), true otherwise.</summary>
    public bool? HigherIsBetter { get; init; }

    /// <summary>The table's title; by default the score's name and the number of epochs, e.g. <c>Validation accuracy after 5 epochs</c>.</summary>
    public string? Title { get; init; }

    /// <summary>Decimals of the scores in the table (4 by default).</summary>
    public int Decimals { get; init; } = 4;

    /// <summary>A live bar counting finished cells: by default only in an interactive terminal without <c>CI</c> set.</summary>
    public ProgressMode Progress { get; init; }
}
