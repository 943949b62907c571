namespace Edu.Sdk.Training;

/// <summary>The scores after one epoch (epoch 0: before any training).</summary>
/// <param name="Epoch">0 for the evaluation before training, then 1, 2, ...</param>
/// <param name="Train">The training set's scores (by default a full evaluation pass after the epoch).</param>
/// <param name="Validation">The validation set's scores, or null when there is no validation set.</param>
/// <param name="Seconds">The wall time of the epoch's training steps (0 for epoch 0).</param>
/// <param name="SamplesPerSecond">Training examples per second during the epoch (0 for epoch 0).</param>
public sealed record EpochRecord(int Epoch, Scores Train, Scores? Validation, double Seconds, double SamplesPerSecond);
