using Edu.Sdk.Data;

namespace Edu.Sdk.Training;

/// <summary>Full evaluation passes (evaluation mode, no gradients, rows in order), each data set's batch buffers reused from pass to pass.</summary>
internal sealed class Evaluator(IFitModel model, TaskKind task, FitOptions options)
{
    readonly Dictionary<Dataset, BatchLoader> _loaders = new(ReferenceEqualityComparer.Instance);
    readonly ScoreAccumulator _scores = new(task, options.RoundedAccuracy);

    public Scores Evaluate(Dataset data)
    {
        if (!_loaders.TryGetValue(data, out var loader))
            _loaders[data] = loader = data.Batches(options.EvaluationBatchSize, shuffle: false);
        model.SetTraining(false);
        _scores.Reset();
        foreach (var (x, y) in loader)
        {
            double loss = model.Evaluate(x, y, out var output);
            _scores.Add(loss, output, TargetShapes.Match(output, y));
        }
        return _scores.Result();
    }
}
