using Edu.Sdk.Training.TensorBoard;

namespace Edu.Sdk.Training;

/// <summary>The settings of one training run (<see cref="Trainer"/>'s <c>Fit</c>): epochs, batches, seed, what to score, what to show.</summary>
/// <example>
/// <code>
/// var options = new FitOptions { Epochs = 5, BatchSize = 64, Seed = 1 };
/// var history = Trainer.Fit(model, new CrossEntropyLoss(), optimizer, train, validation, options);
/// </code>
/// </example>
public sealed record FitOptions
{
    /// <summary>Passes over the training set (5 by default). Epoch 0, the evaluation before training, comes on top.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>Examples per training step (64 by default): 1 is stochastic gradient descent, the training set's size is batch gradient descent.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>The seed of the batch order (the same seed gives the same batches on every machine).</summary>
    public long Seed { get; init; }

    /// <summary>A new random order each epoch (true, the default) or the rows in order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>
    /// Skips an epoch's last batch when it is smaller than <see cref="BatchSize"/>. <c>Trainer.Fit</c> refuses it when
    /// the training set is smaller than one batch, as no step would run.
    /// </summary>
    public bool DropLast { get; init; }

    /// <summary>Examples per evaluation batch (1000 by default; it changes speed and memory, not the scores).</summary>
    public int EvaluationBatchSize { get; init; } = 1000;

    /// <summary>Classification (accuracy) or regression (mean absolute error); from the targets by default.</summary>
    public TaskKind Task { get; init; }

    /// <summary>For regression of class labels given as numbers (A5): also the accuracy of the prediction rounded to the nearest integer.</summary>
    public bool RoundedAccuracy { get; init; }

    /// <summary>
    /// Scores the training set with a full evaluation pass after each epoch (true, the default, as A2's curves do),
    /// or with the running means of the epoch's steps (false: faster, but measured while the model changed). With
    /// false, an epoch whose last step left a NaN or an infinity in the parameters is still scored with a full pass,
    /// so the divergence is reported.
    /// </summary>
    public bool EvaluateTrain { get; init; } = true;

    /// <summary>Keeps a copy of the parameters of the best epoch (true by default): <see cref="History.Best"/>.</summary>
    public bool KeepBest { get; init; } = true;

    /// <summary>The score that picks the best epoch.</summary>
    public BestBy BestBy { get; init; }

    /// <summary>Rescales the gradients before each step so that their global 2-norm is at most this (A4's clipping); none when null.</summary>
    public double? ClipGradNorm { get; init; }

    /// <summary>A live progress bar per epoch (loss, accuracy, samples/s): by default only in an interactive terminal without <c>CI</c> set.</summary>
    public ProgressMode Progress { get; init; }

    /// <summary>Where to write one line per epoch and the divergence report (e.g. <c>Console.Out</c>); nothing when null.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Logs each epoch's scores to TensorBoard (<c>loss/train</c>, <c>loss/validation</c>, <c>accuracy/…</c>, <c>mae/…</c>) under <see cref="Name"/>.</summary>
    public SummaryWriter? TensorBoard { get; init; }

    /// <summary>A name for the run, shown in the progress bar and the log, and prefixed to TensorBoard tags (e.g. <c>lr=0.1</c>).</summary>
    public string? Name { get; init; }

    /// <summary>Throws <see cref="TrainingDivergedException"/> when training diverges, instead of returning the history with <see cref="History.Divergence"/> set.</summary>
    public bool ThrowOnDivergence { get; init; }

    /// <summary>The learning rate, shown in the divergence report when the update rule is a delegate (an optimizer's own is read otherwise).</summary>
    public double? LearningRate { get; init; }

    internal void Validate()
    {
        if (Epochs < 0) throw new ArgumentOutOfRangeException(nameof(Epochs), $"FitOptions: Epochs must be >= 0, got {Epochs}.");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), $"FitOptions: BatchSize must be positive, got {BatchSize}.");
        if (EvaluationBatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(EvaluationBatchSize), $"FitOptions: EvaluationBatchSize must be positive, got {EvaluationBatchSize}.");
        if (ClipGradNorm is { } c && !(c > 0)) throw new ArgumentOutOfRangeException(nameof(ClipGradNorm), $"FitOptions: ClipGradNorm must be positive, got {c}.");
    }
}
