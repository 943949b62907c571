namespace Edu.Sdk.Training;

/// <summary>Thrown by the fit loop when training diverges and <see cref="FitOptions.ThrowOnDivergence"/> is set.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>An exception carrying <paramref name="report"/>.</summary>
    public TrainingDivergedException(DivergenceReport report) : base(report?.Message) => Report = report!;

    /// <summary>An exception with a message only.</summary>
    public TrainingDivergedException() : base("Training diverged.") => Report = null!;

    /// <summary>An exception with a message only.</summary>
    public TrainingDivergedException(string message) : base(message) => Report = null!;

    /// <summary>An exception with a message and a cause.</summary>
    public TrainingDivergedException(string message, Exception innerException) : base(message, innerException) => Report = null!;

    /// <summary>What blew up, where and when.</summary>
    public DivergenceReport Report { get; }
}
