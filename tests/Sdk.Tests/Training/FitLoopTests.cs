using Edu.Sdk.Data;
using Edu.Sdk.Nn;
using Edu.Sdk.Training;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Training;

public class FitLoopTests
{
    static Sequential Mlp(long seed) =>
        Initialization.Reset(nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10)), new Generator(seed));

    static History FitMlp(Sequential model, int epochs, double lr = 1e-2, long seed = 1)
    {
        var (train, validation) = TrainingData.Digits64;
        return Trainer.Fit(model, new CrossEntropyLoss(), optim.Adam(model.parameters(), lr: lr), train, validation,
            new FitOptions { Epochs = epochs, BatchSize = 64, Seed = seed });
    }

    [Fact]
    public void Epoch_0_scores_the_untrained_model()
    {
        var (train, validation) = TrainingData.Digits64;
        var untouched = Mlp(7);
        var history = FitMlp(Mlp(7), epochs: 2);

        Assert.Equal([0, 1, 2], history.Epochs.Select(e => e.Epoch));
        var first = history.Epochs[0];
        Assert.Equal(0, first.Seconds);
        Assert.Equal(train.Count, first.Train.Count);
        Assert.Equal(validation.Count, first.Validation!.Value.Count);

        // The same numbers computed here, directly, on an identical untrained model.
        using (no_grad())
        {
            var logits = untouched.forward(validation.Features);
            double loss = new CrossEntropyLoss().forward(logits, validation.Targets).ToDouble();
            var predicted = logits.argmax(1).data<long>().ToArray();
            var labels = validation.Targets.data<long>().ToArray();
            double accuracy = predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;
            Assert.Equal(loss, first.Validation!.Value.Loss, 5);
            Assert.Equal(accuracy, first.Validation!.Value.Accuracy!.Value, 12);
        }
        Assert.InRange(first.Validation!.Value.Accuracy!.Value, 0, 0.3);   // an untrained 10-class model is near chance
        Assert.True(history.Last.Validation!.Value.Accuracy > 0.85, $"validation accuracy {history.Last.Validation!.Value.Accuracy}");
        Assert.True(history.Last.SamplesPerSecond > 0);
        Assert.Equal(TaskKind.Classification, history.Task);
        Assert.Null(history.Last.Train.MeanAbsoluteError);
    }

    [Fact]
    public void Best_model_is_a_copy_that_restores_the_best_validation_score()
    {
        var (_, validation) = TrainingData.Digits64;
        var model = Mlp(3);
        var history = FitMlp(model, epochs: 4, lr: 3e-2);
        var best = history.Best!;
        Assert.NotNull(best);
        double bestAccuracy = history.Epochs.Max(e => e.Validation!.Value.Accuracy!.Value);
        Assert.Equal(bestAccuracy, history.Epochs[best.Epoch].Validation!.Value.Accuracy);
        Assert.Equal(history.Epochs.First(e => e.Validation!.Value.Accuracy == bestAccuracy).Epoch, best.Epoch);   // ties keep the earliest
        Assert.Equal(bestAccuracy, best.Score);
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], best.Names);

        var kept = best.state_dict();
        // Change the model after training: the kept copy must not follow.
        using (no_grad()) foreach (var p in model.parameters()) p.fill_(0.5);
        Assert.All(model.parameters(), p => Assert.Equal(0.5f, p.data<float>()[0]));
        var after = best.state_dict();
        foreach (var (name, value) in kept)
            Assert.Equal(value.data<float>().ToArray(), after[name].data<float>().ToArray());
        Assert.NotEqual(0.5f, after["0.weight"].data<float>()[0]);
        // state_dict gives fresh copies, too.
        after["0.weight"].fill_(9);
        Assert.NotEqual(9f, best.state_dict()["0.weight"].data<float>()[0]);

        // Restoring gives back exactly the best epoch's validation score.
        best.Restore();
        var restored = history.Evaluate(validation);
        Assert.Equal(history.Epochs[best.Epoch].Validation!.Value.Accuracy, restored.Accuracy);
        Assert.Equal(history.Epochs[best.Epoch].Validation!.Value.Loss, restored.Loss, 12);
    }

    [Fact]
    public void Further_training_leaves_the_kept_copy_alone()
    {
        var model = Mlp(5);
        var history = FitMlp(model, epochs: 1);
        var kept = history.Best!.state_dict()["0.weight"].data<float>().ToArray();
        FitMlp(model, epochs: 1, seed: 2);
        Assert.Equal(kept, history.Best!.state_dict()["0.weight"].data<float>().ToArray());
        Assert.NotEqual(kept, model.named_parameters().First().parameter.data<float>().ToArray());
    }

    [Fact]
    public void Test_set_is_scored_only_on_request()
    {
        var (_, validation) = TrainingData.Digits64;
        var model = Mlp(11);
        var history = FitMlp(model, epochs: 1);
        Assert.Null(history.TestScores);
        var test = history.Test(validation);
        Assert.Equal(test, history.TestScores);
        Assert.Equal(history.Epochs[history.Best!.Epoch].Validation!.Value.Accuracy, test.Accuracy);
    }

    [Fact]
    public void Same_seed_gives_the_same_history()
    {
        var a = FitMlp(Mlp(1), epochs: 2);
        var b = FitMlp(Mlp(1), epochs: 2);
        Assert.Equal(a.Epochs.Select(e => e.Train.Loss), b.Epochs.Select(e => e.Train.Loss));
        Assert.Equal(a.Epochs.Select(e => e.Validation!.Value.Loss), b.Epochs.Select(e => e.Validation!.Value.Loss));
        var c = FitMlp(Mlp(1), epochs: 2, seed: 99);
        Assert.NotEqual(a.Last.Train.Loss, c.Last.Train.Loss);
    }

    [Fact]
    public void Generated_layers_train_without_the_tape_and_match_the_tape_model()
    {
        var (train, validation) = TrainingData.Digits64;
        var layer = new AffineLayer(64, 10, new Generator(4));
        var tape = nn.Sequential(nn.Linear(64, 10));
        using (no_grad())
        {
            tape[0].named_parameters().Single(p => p.name == "weight").parameter.copy_(layer.w.T.contiguous());
            tape[0].named_parameters().Single(p => p.name == "bias").parameter.copy_(layer.b);
        }
        var options = new FitOptions { Epochs = 2, BatchSize = 32, Seed = 3 };
        var generated = Trainer.Fit(layer, new SoftmaxCrossEntropyLayer(), optim.SGD(layer.parameters(), lr: 0.5), train, validation, options);
        var taped = Trainer.Fit(tape, new CrossEntropyLoss(), optim.SGD(tape.parameters(), lr: 0.5), train, validation, options);

        Assert.Equal(["w", "b"], generated.Best!.Names);
        for (int e = 0; e < 3; e++)
        {
            Assert.Equal(taped.Epochs[e].Train.Loss, generated.Epochs[e].Train.Loss, 4);
            Assert.Equal(taped.Epochs[e].Validation!.Value.Accuracy!.Value, generated.Epochs[e].Validation!.Value.Accuracy!.Value, 2);
        }
        Assert.True(generated.Last.Validation!.Value.Accuracy > 0.85);
    }

    [Fact]
    public void Generated_model_with_a_loss_gradient_function()
    {
        var (train, validation) = TrainingData.Diabetes10;
        var layer = new AffineLayer(10, 1, new Generator(2));
        (double, Tensor) Mse(Tensor yhat, Tensor y)
        {
            var d = yhat - y;
            return ((d * d).mean().ToDouble(), d * (2.0 / d.numel()));
        }
        var history = Trainer.Fit(layer, Mse, optim.SGD(layer.parameters(), lr: 0.02), train, validation, new FitOptions { Epochs = 10, BatchSize = 32 });
        Assert.Equal(TaskKind.Regression, history.Task);
        Assert.Null(history.Last.Validation!.Value.Accuracy);
        Assert.InRange(history.Last.Validation!.Value.MeanAbsoluteError!.Value, 35, 55);   // linear regression on diabetes: MAE about 43
        Assert.True(history.Last.Train.Loss < history.Epochs[0].Train.Loss / 5);
    }

    /// <summary>A2-style softmax regression with the gradient written by hand: X~ᵀ(P − Y)/n.</summary>
    sealed class SoftmaxRegression : IManualModel
    {
        public readonly Parameter w = new(zeros(64, 10)), b = new(zeros(10));

        public IReadOnlyList<(string name, Parameter parameter)> named_parameters() => [("w", w), ("b", b)];

        public Tensor forward(Tensor x)
        {
            using var _ = no_grad();
            return (x.matmul(w) + b).softmax(1);
        }

        public double loss(Tensor p, Tensor y)
        {
            using var _ = no_grad();
            var onehot = nn.functional.one_hot(y, 10).to(ScalarType.Float32);
            return -(onehot * (p + 1e-12).log()).sum(1).mean().ToDouble();
        }

        public void backward(Tensor x, Tensor p, Tensor y)
        {
            using var _ = no_grad();
            var d = (p - nn.functional.one_hot(y, 10).to(ScalarType.Float32)) / x.size(0);
            w.grad = x.T.matmul(d);
            b.grad = d.sum(0);
        }
    }

    [Fact]
    public void Manual_model_with_a_hand_written_update()
    {
        var (train, validation) = TrainingData.Digits64;
        var model = new SoftmaxRegression();
        void Sgd()
        {
            using var _ = no_grad();
            foreach (var (_, p) in model.named_parameters()) p.sub_(p.grad! * 0.5);
        }
        var history = Trainer.Fit(model, Sgd, train, validation, new FitOptions { Epochs = 3, BatchSize = 32, LearningRate = 0.5 });
        Assert.Equal(4, history.Epochs.Count);
        Assert.Equal(Math.Log(10), history.Epochs[0].Train.Loss, 4);   // zero weights: uniform probabilities
        Assert.True(history.Last.Validation!.Value.Accuracy > 0.9, $"accuracy {history.Last.Validation!.Value.Accuracy}");
    }

    [Fact]
    public void Gradient_clipping_bounds_each_step()
    {
        var (train, _) = TrainingData.Diabetes10;
        var model = Initialization.Reset(nn.Sequential(nn.Linear(10, 1)), new Generator(1));
        var before = model.parameters().Select(p => p.clone()).ToArray();
        const double lr = 0.1, max = 1e-3;
        var history = Trainer.Fit(model, new MSELoss(), optim.SGD(model.parameters(), lr: lr), train, null,
            new FitOptions { Epochs = 1, BatchSize = 32, ClipGradNorm = max });
        int steps = (train.Count + 31) / 32;
        double moved = Math.Sqrt(model.parameters().Zip(before).Sum(p => (p.First - p.Second).pow(2).sum().ToDouble()));
        Assert.True(moved > 0);
        Assert.True(moved <= steps * lr * max * 1.0001, $"parameters moved {moved}, more than {steps} clipped steps allow");
        Assert.False(history.Diverged);
    }

    [Fact]
    public void Running_train_scores_when_asked_and_no_validation_set()
    {
        var (train, _) = TrainingData.Digits64;
        var model = Mlp(1);
        var history = Trainer.Fit(model, new CrossEntropyLoss(), optim.Adam(model.parameters(), lr: 1e-2), train, null,
            new FitOptions { Epochs = 1, EvaluateTrain = false });
        Assert.Null(history.Last.Validation);
        Assert.Equal(train.Count, history.Last.Train.Count);
        Assert.NotNull(history.Best);   // picked on the training scores
    }

    [Fact]
    public void Epoch_lines_go_to_the_log_and_scores_to_tensorboard()
    {
        var dir = Path.Combine(Path.GetTempPath(), "edu-fit-tb-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (train, validation) = TrainingData.Digits64;
            var model = Mlp(2);
            var log = new StringWriter();
            using (var writer = new Edu.Sdk.Training.TensorBoard.SummaryWriter(dir))
                Trainer.Fit(model, new CrossEntropyLoss(), optim.Adam(model.parameters()), train, validation,
                    new FitOptions { Epochs = 1, Log = log, TensorBoard = writer, Name = "mlp" });
            var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("mlp  epoch 0/1  train loss ", lines[0], StringComparison.Ordinal);
            Assert.Contains("| validation loss ", lines[1], StringComparison.Ordinal);
            Assert.Contains(" acc ", lines[1], StringComparison.Ordinal);
            Assert.Contains(" samples/s", lines[1], StringComparison.Ordinal);
            var bytes = File.ReadAllBytes(Directory.GetFiles(dir).Single());
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            foreach (var tag in new[] { "mlp/loss/train", "mlp/loss/validation", "mlp/accuracy/train", "mlp/accuracy/validation" })
                Assert.Contains(tag, text, StringComparison.Ordinal);
        }
        finally { Directory.Delete(dir, true); }
    }
}
