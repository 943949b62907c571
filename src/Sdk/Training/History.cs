using Edu.Sdk.Data;
using Edu.Sdk.Training.Plots;

namespace Edu.Sdk.Training;

/// <summary>
/// What a training run returns: the scores of every epoch (epoch 0 before training), the best epoch's parameters
/// kept by copy, the divergence report if training blew up, and, only when asked, the test scores.
/// </summary>
/// <example>
/// <code>
/// var history = Trainer.Fit(model, loss, optimizer, train, validation, options);
/// history.SaveCsv("curves.csv");
/// history.SavePlot("curves.svg", "Softmax regression, Adam, lr 0.001");
/// var test = history.Test(testSet);            // restores the best epoch, then scores the test set once
/// Console.WriteLine($"best epoch {history.Best!.Epoch}: test {test}");
/// </code>
/// </example>
public sealed class History
{
    readonly List<EpochRecord> _epochs = [];
    readonly Func<Dataset, Scores> _evaluate;

    internal History(TaskKind task, string? name, Func<Dataset, Scores> evaluate)
    {
        Task = task;
        Name = name;
        _evaluate = evaluate;
    }

    /// <summary>Classification (accuracy) or regression (MAE): the task the scores were computed for.</summary>
    public TaskKind Task { get; }

    /// <summary>The run's name (<see cref="FitOptions.Name"/>), if any.</summary>
    public string? Name { get; }

    /// <summary>One record per epoch, epoch 0 (before training) first.</summary>
    public IReadOnlyList<EpochRecord> Epochs => _epochs;

    /// <summary>The last epoch's record (epoch 0 if no epoch completed).</summary>
    public EpochRecord Last => _epochs[^1];

    /// <summary>The copy of the best epoch's parameters (by <see cref="FitOptions.BestBy"/> on validation, or on training without a validation set); null when <see cref="FitOptions.KeepBest"/> is off.</summary>
    public ModelSnapshot? Best { get; internal set; }

    /// <summary>Why training stopped early, when the loss or a gradient became NaN or infinite; null when it did not.</summary>
    public DivergenceReport? Divergence { get; internal set; }

    /// <summary>True when training stopped on a NaN or infinite loss or gradient.</summary>
    public bool Diverged => Divergence is not null;

    /// <summary>The test scores, once <see cref="Test"/> was called; null before.</summary>
    public Scores? TestScores { get; private set; }

    /// <summary>The model's scores on <paramref name="data"/> as it is now (evaluation mode, no gradients).</summary>
    public Scores Evaluate(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return _evaluate(data);
    }

    /// <summary>
    /// Scores the test set: first restores the best epoch's parameters (unless <paramref name="restoreBest"/> is false
    /// or none were kept), as a protocol that looks at the test set once, for the final model, asks.
    /// </summary>
    /// <param name="test">The test set.</param>
    /// <param name="restoreBest">Restore <see cref="Best"/> into the model first (true by default).</param>
    public Scores Test(Dataset test, bool restoreBest = true)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (restoreBest) Best?.Restore();
        var scores = _evaluate(test);
        TestScores = scores;
        return scores;
    }

    /// <summary>The history as CSV: <c>epoch,train_loss,train_accuracy,train_mae,validation_loss,validation_accuracy,validation_mae,seconds,samples_per_second</c>.</summary>
    public string ToCsv() => HistoryCsv.Format(this);

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/> atomically (a reader never sees half a file).</summary>
    public void SaveCsv(string path) => HistoryCsv.Save(this, path);

    /// <summary>The curves as a figure of two panels: loss, then accuracy (or MAE), train and validation, per epoch.</summary>
    /// <param name="title">A title above both panels.</param>
    public Figure ToFigure(string? title = null) => HistoryPlot.Figure(this, title);

    /// <summary>Writes <see cref="ToFigure"/> as an SVG file (atomically).</summary>
    public void SavePlot(string path, string? title = null) => ToFigure(title).Save(path);

    internal void Add(EpochRecord record) => _epochs.Add(record);
}
