using System.Diagnostics;
using Spectre.Console;

namespace Edu.Sdk.Training;

/// <summary>A Spectre.Console bar per epoch, its description showing the running loss, accuracy and samples/s.</summary>
internal sealed class SpectreProgress(ProgressContext context, string? name) : IFitProgress
{
    readonly Stopwatch _redraw = Stopwatch.StartNew();
    readonly List<string> _messages = [];
    ProgressTask? _task;
    string _label = "";

    /// <summary>Runs <paramref name="body"/> inside a live progress display.</summary>
    public static T Run<T>(string? name, Func<IFitProgress, T> body)
    {
        T result = default!;
        SpectreProgress? progress = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx => result = body(progress = new SpectreProgress(ctx, name)));
        // Messages (a divergence report) are printed once the live display has stopped, so they do not fight it.
        foreach (var m in progress?._messages ?? []) AnsiConsole.WriteLine(m);
        return result;
    }

    public void StartEpoch(int epoch, int epochs, int steps)
    {
        _label = (name is null ? "" : name + " ") + $"epoch {epoch}/{epochs}";
        _task = context.AddTask(Markup.Escape(_label), maxValue: Math.Max(1, steps));
    }

    public void Step(int step, double meanLoss, Scores running, double samplesPerSecond)
    {
        if (_task is null) return;
        _task.Value = step;
        if (_redraw.ElapsedMilliseconds < 100) return;
        _redraw.Restart();
        _task.Description = Markup.Escape($"{_label}  {EpochLine.Scores(running)}  {EpochLine.Rate(samplesPerSecond)}");
    }

    public void EndEpoch(EpochRecord record)
    {
        if (_task is null)
        {
            // Epoch 0 (the evaluation before training): a finished row holding its scores.
            var row = context.AddTask(Markup.Escape(EpochLine.Record(record, null, name)), maxValue: 1);
            row.Value = 1;
            row.StopTask();
            return;
        }
        _task.Value = _task.MaxValue;
        var text = $"{_label}  train {EpochLine.Scores(record.Train)}";
        if (record.Validation is { } v) text += $" | val {EpochLine.Scores(v)}";
        text += "  " + EpochLine.Rate(record.SamplesPerSecond);
        _task.Description = Markup.Escape(text);
        _task.StopTask();
        _task = null;
    }

    public void Message(string text) => _messages.Add(text);
}
