using System.Diagnostics;
using Edu.Sdk.Data;
using Edu.Sdk.Layers;
using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

/// <summary>The training loop behind every <c>Trainer.Fit</c> overload.</summary>
internal static class FitLoop
{
    public static History Run(IFitModel model, Action update, Func<double?> learningRate, Dataset train, Dataset? validation, FitOptions? options)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new FitOptions();
        options.Validate();
        if (train.Count == 0) throw new ArgumentException("Trainer.Fit: the training set is empty.", nameof(train));
        // No step would ever run (found by a review): say so rather than return epochs of an untrained model.
        if (options.DropLast && options.Epochs > 0 && train.Count < options.BatchSize)
            throw new ArgumentException($"Trainer.Fit: DropLast skips every batch: the training set has {train.Count} rows, fewer than " +
                $"BatchSize {options.BatchSize}, so no step would run. Use a BatchSize of at most {train.Count}, or DropLast = false.", nameof(options));
        var task = TaskResolution.Resolve(options.Task, train.Targets);
        var evaluator = new Evaluator(model, task, options);
        var history = new History(task, options.Name, evaluator.Evaluate);
        var run = new Session(model, update, learningRate, train, validation, options, task, evaluator, history);
        if (ConsoleEnvironment.WantsBar(options.Progress)) SpectreProgress.Run(options.Name, run.Execute);
        else run.Execute(SilentProgress.Instance);
        if (history.Divergence is { } report && options.ThrowOnDivergence) throw new TrainingDivergedException(report);
        return history;
    }

    sealed class Session(IFitModel model, Action update, Func<double?> learningRate, Dataset train, Dataset? validation, FitOptions options,
        TaskKind task, Evaluator evaluator, History history)
    {
        readonly IReadOnlyList<(string name, Parameter parameter)> _parameters = model.NamedParameters;
        readonly Parameter[] _tensors = [.. model.NamedParameters.Select(p => p.parameter)];
        readonly GradientMonitor _monitor = new(model.NamedParameters);
        ModelSnapshot? _best;
        long _global;

        public bool Execute(IFitProgress progress)
        {
            try
            {
                _best = options.KeepBest && _parameters.Count > 0 ? new ModelSnapshot(_parameters) : null;
                var start = EndOfEpoch(0, 0, 0);
                if (!Finish(start, progress, DivergenceCause.Evaluation)) return false;
                var loader = train.Batches(options.BatchSize, options.Shuffle, options.Seed, options.DropLast);
                var running = new ScoreAccumulator(task, options.RoundedAccuracy);
                for (int epoch = 1; epoch <= options.Epochs; epoch++)
                {
                    model.SetTraining(true);
                    running.Reset();
                    progress.StartEpoch(epoch, options.Epochs, loader.BatchesPerEpoch);
                    var clock = Stopwatch.StartNew();
                    int step = 0;
                    long samples = 0;
                    foreach (var (x, y) in loader)
                    {
                        step++;
                        _global++;
                        double loss = model.Forward(x, y, out var output);
                        if (!double.IsFinite(loss)) return Diverge(progress, DivergenceCause.Loss, epoch, step, loss, x);
                        running.Add(loss, output, TargetShapes.Match(output, y));
                        ZeroGrads();
                        // The gradients are read below (divergence, clipping): no SGD step inside the backward.
                        using (StepsInBackward.Suspend()) model.Backward();
                        if (_monitor.Measure() >= 0) return Diverge(progress, DivergenceCause.Gradient, epoch, step, loss, x);
                        if (options.ClipGradNorm is { } max) nn.utils.clip_grad_norm_(_tensors, max);
                        update();
                        samples += x.size(0);
                        progress.Step(step, loss, running.Result(), samples / Math.Max(clock.Elapsed.TotalSeconds, 1e-9));
                    }
                    double seconds = clock.Elapsed.TotalSeconds;
                    // The running scores were measured before each step: a last step that blew the parameters up shows
                    // only in a fresh pass (found by a review), which then reports the divergence.
                    bool fresh = options.EvaluateTrain || !ParametersFinite();
                    var record = EndOfEpoch(epoch, seconds, seconds > 0 ? samples / seconds : 0, fresh ? null : running.Result());
                    if (!Finish(record, progress, DivergenceCause.Evaluation)) return false;
                }
                return true;
            }
            finally
            {
                model.SetTraining(false);
                options.TensorBoard?.flush();
            }
        }

        /// <summary>True when no parameter holds a NaN or an infinity.</summary>
        bool ParametersFinite() => _tensors.All(p => !GradientMonitor.HasNonFinite(p));

        /// <summary>Scores the epoch (epoch 0: before training).</summary>
        EpochRecord EndOfEpoch(int epoch, double seconds, double rate, Scores? runningTrain = null)
        {
            var trainScores = runningTrain ?? evaluator.Evaluate(train);
            Scores? validationScores = validation is null ? null : evaluator.Evaluate(validation);
            return new EpochRecord(epoch, trainScores, validationScores, seconds, rate);
        }

        /// <summary>Records the epoch, keeps the best parameters, logs; false when the scores show divergence.</summary>
        bool Finish(EpochRecord record, IFitProgress progress, DivergenceCause cause)
        {
            history.Add(record);
            progress.EndEpoch(record);
            options.Log?.WriteLine(EpochLine.Record(record, options.Epochs, options.Name));
            LogTensorBoard(record);
            double loss = record.Validation is { } v && !double.IsFinite(v.Loss) ? v.Loss : record.Train.Loss;
            if (!double.IsFinite(loss))
            {
                var sample = train.FeatureHead(Math.Min(train.Count, options.EvaluationBatchSize));
                Diverge(progress, cause, Math.Max(record.Epoch, 0), 0, loss, sample);
                return false;
            }
            if (_best is not null && Better(record))
            {
                _best.Capture(record.Epoch, Score(record) ?? double.NaN);
                history.Best = _best;
            }
            return true;
        }

        bool Diverge(IFitProgress progress, DivergenceCause cause, int epoch, int step, double loss, Tensor batch)
        {
            var report = DivergenceDiagnosis.Diagnose(model, _monitor, cause, epoch, step, _global, loss, batch, learningRate());
            history.Divergence = report;
            progress.Message(report.Message);
            options.Log?.WriteLine(report.Message);
            return false;
        }

        BestBy Criterion => options.BestBy != BestBy.Auto ? options.BestBy : task == TaskKind.Classification ? BestBy.Accuracy : BestBy.Loss;

        double? Score(EpochRecord r)
        {
            var s = r.Validation ?? r.Train;
            return Criterion switch
            {
                BestBy.Accuracy => s.Accuracy,
                BestBy.MeanAbsoluteError => s.MeanAbsoluteError,
                _ => s.Loss,
            };
        }

        bool Better(EpochRecord r)
        {
            if (Score(r) is not { } score || double.IsNaN(score)) return false;
            if (history.Best is null) return true;
            return Criterion == BestBy.Accuracy ? score > history.Best.Score : score < history.Best.Score;
        }

        void ZeroGrads()
        {
            foreach (var p in _tensors)
            {
                // Fit's backward fills grad (no step inside it): a mark left by a backward before Fit is stale.
                p.SteppedSinceArmed = false;
                // As optimizer.zero_grad(): the zeros are left for the backward to honour, which at batch 1 then keeps
                // a weight's gradient as two factors for plain SGD (the monitor measures them as they are). A gradient
                // tensor user code holds (a manual model that set p.grad and adds into it) is zeroed now, as
                // IManualModel.backward promises: its add_ would not honour a deferred zero (found by a review).
                if (p.GradAsIs is { _handedOut: true } held) held.zero_();
                else p.ZeroGradDeferred();
            }
        }

        void LogTensorBoard(EpochRecord r)
        {
            if (options.TensorBoard is not { } tb) return;
            string prefix = options.Name is null ? "" : options.Name + "/";
            void Log(string part, Scores s)
            {
                tb.add_scalar($"{prefix}loss/{part}", s.Loss, r.Epoch);
                if (s.Accuracy is { } a) tb.add_scalar($"{prefix}accuracy/{part}", a, r.Epoch);
                if (s.MeanAbsoluteError is { } m) tb.add_scalar($"{prefix}mae/{part}", m, r.Epoch);
            }
            Log("train", r.Train);
            if (r.Validation is { } v) Log("validation", v);
        }
    }
}
