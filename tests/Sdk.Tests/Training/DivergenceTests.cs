using Edu.Sdk.Nn;
using Edu.Sdk.Training;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Training;

public class DivergenceTests
{
    static (History History, Sequential Model) Diverging(FitOptions? options = null)
    {
        var (train, validation) = TrainingData.Diabetes10;
        var model = Initialization.Reset(nn.Sequential(nn.Linear(10, 50), nn.ReLU(), nn.Linear(50, 1)), new Generator(0));
        var history = Trainer.Fit(model, new MSELoss(), optim.SGD(model.parameters(), lr: 10), train, validation,
            options ?? new FitOptions { Epochs = 5, BatchSize = 32 });
        return (history, model);
    }

    [Fact]
    public void Parameters_blown_up_by_the_last_step_are_reported_with_running_train_scores()
    {
        // One full batch, one epoch: the loss and the gradient are finite, but lr·grad overflows float32. Without a
        // validation set and with the running train scores, nothing scored the parameters after that step (a review).
        var x = torch.tensor(new float[] { 1, 2, 3, 4 }, [4, 1]);
        var y = torch.tensor(new float[] { 1000, 2000, 3000, 4000 }, [4, 1]);
        var data = new Edu.Sdk.Data.Dataset(x, y);
        var model = Initialization.Reset(nn.Sequential(nn.Linear(1, 1)), new Generator(1));
        var history = Trainer.Fit(model, new MSELoss(), optim.SGD(model.parameters(), lr: 1e37), data, null,
            new FitOptions { Epochs = 1, BatchSize = 4, EvaluateTrain = false });

        Assert.Contains(model.parameters(), p => p.data<float>().ToArray().Any(v => !float.IsFinite(v)));   // the step overflowed
        Assert.True(history.Diverged, "the model holds infinite parameters, but the history says training went fine");
        Assert.Equal(Edu.Sdk.Training.DivergenceCause.Evaluation, history.Divergence!.Cause);
    }

    [Fact]
    public void DropLast_with_fewer_rows_than_a_batch_is_refused_as_no_step_would_run()
    {
        // Before, every epoch had no step: the running train loss was the mean of nothing (NaN), reported as divergence.
        var x = torch.tensor(new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, [10, 1]);
        var data = new Edu.Sdk.Data.Dataset(x, x * 2);
        var model = nn.Sequential(nn.Linear(1, 1));

        var ex = Assert.Throws<ArgumentException>(() => Trainer.Fit(model, new MSELoss(), optim.SGD(model.parameters(), lr: 0.01), data, data,
            new FitOptions { Epochs = 2, BatchSize = 16, DropLast = true, EvaluateTrain = false }));

        Assert.Contains("the training set has 10 rows, fewer than BatchSize 16, so no step would run", ex.Message);
    }

    [Fact]
    public void Learning_rate_10_stops_training_with_a_report()
    {
        var (history, _) = Diverging();
        var report = history.Divergence;
        Assert.NotNull(report);
        Assert.True(history.Diverged);
        Assert.Equal(1, report.Epoch);
        Assert.InRange(report.Step, 1, 12);
        Assert.Equal(report.Step, report.GlobalStep);
        Assert.Single(history.Epochs);                   // epoch 0 only: no silent rows of NaN
        Assert.Equal(10, report.LearningRate);
        Assert.NotNull(report.Parameter);
        Assert.Contains(report.Parameter, new[] { "0.weight", "0.bias", "2.weight", "2.bias" });
        Assert.True(report.GradientNorm > 1e3 || !double.IsFinite(report.GradientNorm!.Value), $"gradient norm {report.GradientNorm}");
        Assert.True(report.FirstGradientNorm < report.GradientNorm || !double.IsFinite(report.GradientNorm!.Value));

        var m = report.Message;
        Assert.StartsWith($"Training diverged at epoch 1, step {report.Step} (step {report.GlobalStep} overall): ", m, StringComparison.Ordinal);
        Assert.Contains($"Gradient: '{report.Parameter}' blew up, norm ", m, StringComparison.Ordinal);
        Assert.Contains("Suggestion: lower the learning rate (it is 10; try 1 or less), or scale the initialisation down", m, StringComparison.Ordinal);
        Assert.Equal(m, report.ToString());
    }

    [Fact]
    public void The_report_names_the_layer_whose_activation_blew_up()
    {
        var (history, _) = Diverging();
        var report = history.Divergence!;
        Assert.NotNull(report.Layer);
        // The replay runs the layers of the Sequential in turn: names are the child's name and its type.
        Assert.Matches(@"^\d \((Linear|ReLU)\)$", report.Layer);
        Assert.Contains($"Activation: the output of layer {report.Layer} ", report.Message, StringComparison.Ordinal);
        if (report.NonFiniteParameters.Count > 0)
            Assert.Contains("Parameters now holding NaN or infinite values: ", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_best_epoch_before_divergence_is_kept()
    {
        var (history, model) = Diverging();
        Assert.Equal(0, history.Best!.Epoch);
        history.Best.Restore();
        Assert.All(model.parameters(), p => Assert.All(p.data<float>().ToArray(), v => Assert.True(float.IsFinite(v))));
    }

    [Fact]
    public void Throws_when_asked()
    {
        var e = Assert.Throws<TrainingDivergedException>(() => Diverging(new FitOptions { Epochs = 5, BatchSize = 32, ThrowOnDivergence = true }));
        Assert.Equal(1, e.Report.Epoch);
        Assert.Equal(e.Report.Message, e.Message);
    }

    [Fact]
    public void A_gradient_that_overflows_first_is_reported_as_such()
    {
        // A model whose loss stays finite while one gradient is infinite: the loop checks gradients after each backward.
        var (train, validation) = TrainingData.Digits64;
        var model = new ExplodingGradient();
        var history = Trainer.Fit(model, () => { }, train, validation, new FitOptions { Epochs = 2, BatchSize = 100, LearningRate = 0.1 });
        var report = history.Divergence!;
        Assert.Equal(DivergenceCause.Gradient, report.Cause);
        Assert.Equal((1, 3, "bad"), (report.Epoch, report.Step, report.Parameter));
        Assert.True(double.IsPositiveInfinity(report.GradientNorm!.Value));
        Assert.StartsWith("Training diverged at epoch 1, step 3 (step 3 overall): a gradient is infinite (the loss was 1).", report.Message, StringComparison.Ordinal);
        Assert.Contains("Gradient: 'bad' blew up, norm infinite at this step (it was 1 at the first step).", report.Message, StringComparison.Ordinal);
        Assert.Contains("Suggestion: lower the learning rate (it is 0.1; try 0.01 or less)", report.Message, StringComparison.Ordinal);
    }

    sealed class ExplodingGradient : IManualModel
    {
        readonly Parameter _good = new(zeros(3)), _bad = new(zeros(2));
        int _calls;

        public IReadOnlyList<(string name, Parameter parameter)> named_parameters() => [("good", _good), ("bad", _bad)];

        public Tensor forward(Tensor x) => zeros(x.size(0), 10);

        public double loss(Tensor output, Tensor target) => 1;

        public void backward(Tensor x, Tensor output, Tensor target)
        {
            _calls++;
            _good.grad = ones(3);
            _bad.grad = tensor(new float[] { _calls >= 3 ? float.PositiveInfinity : 1, 0 });
        }
    }
}
