namespace Edu.Sdk.Training;

/// <summary>What the fit loop tells a progress display.</summary>
internal interface IFitProgress
{
    void StartEpoch(int epoch, int epochs, int steps);

    /// <summary>After each step, with the epoch's running mean loss and metric; implementations throttle redraws themselves.</summary>
    void Step(int step, double meanLoss, Scores running, double samplesPerSecond);

    void EndEpoch(EpochRecord record);

    void Message(string text);
}

/// <summary>No display.</summary>
internal sealed class SilentProgress : IFitProgress
{
    public static readonly SilentProgress Instance = new();

    public void StartEpoch(int epoch, int epochs, int steps) { }

    public void Step(int step, double meanLoss, Scores running, double samplesPerSecond) { }

    public void EndEpoch(EpochRecord record) { }

    public void Message(string text) { }
}
