using Edu.Sdk.Nn;
using Edu.Sdk.Training;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Training;

/// <summary>
/// Trainer.Fit at batch 1: the gradient monitor measures a weight gradient kept as its two factors from the factors
/// (‖α·u·vᵀ‖ = |α|·‖u‖·‖v‖), so plain SGD still applies the step without writing the 64×10 gradient, as in a
/// hand-written loop. Before, reading the gradient for its norm wrote it on every step.
/// </summary>
public class BatchOneFitTests
{
    [Fact]
    public void Fit_at_batch_1_keeps_the_weight_gradient_as_factors_and_matches_the_hand_written_loop()
    {
        var (train, _) = TrainingData.Digits64;
        manual_seed(3);
        var fitted = nn.Linear(64, 10);
        var looped = nn.Linear(64, 10);
        using (no_grad())
        {
            looped.weight.copy_(fitted.weight);
            looped.bias!.copy_(fitted.bias!);
        }

        Trainer.Fit(fitted, new CrossEntropyLoss(), optim.SGD(fitted.parameters(), lr: 0.05), train, null,
            new FitOptions { Epochs = 1, BatchSize = 1, Shuffle = false, KeepBest = false, EvaluateTrain = false });
        Assert.True(fitted.weight.GradAsIs!._outer is { Active: true }, "the last step's weight gradient was written");

        var loss = new CrossEntropyLoss();
        var opt = optim.SGD(looped.parameters(), lr: 0.05);
        foreach (var (x, y) in train.Batches(1, shuffle: false))
        {
            opt.zero_grad();
            loss.forward(looped.forward(x), y).backward();
            opt.step();
        }

        Assert.Equal(looped.weight.data<float>().ToArray(), fitted.weight.data<float>().ToArray());
        Assert.Equal(looped.bias!.data<float>().ToArray(), fitted.bias!.data<float>().ToArray());
    }

    /// <summary>A batch-1 step of nn.Linear whose weight gradient is then kept as factors (a first backward makes the gradient tensors).</summary>
    static Linear PendingLinear(Tensor x)
    {
        manual_seed(8);
        var layer = nn.Linear(13, 5);
        layer.forward(randn(1, 13)).sum().backward();
        layer.zero_grad();
        (layer.forward(x) * arange(5).to(ScalarType.Float32)).sum().backward();
        Assert.True(layer.weight.GradAsIs!._outer is { Active: true });
        return layer;
    }

    [Fact]
    public void The_norm_measured_from_the_factors_is_the_written_gradients()
    {
        manual_seed(9);
        var layer = PendingLinear(randn(1, 13) * 3);
        var monitor = new GradientMonitor(layer.named_parameters().ToList());

        Assert.Equal(-1, monitor.Measure());
        Assert.True(layer.weight.GradAsIs!._outer is { Active: true }, "measuring wrote the gradient");

        double written = Math.Sqrt(layer.weight.grad!.data<float>().ToArray().Sum(v => (double)v * v));
        Assert.Equal(written, monitor.Last(0), written * 1e-6);
    }

    [Fact]
    public void A_non_finite_factor_is_a_non_finite_gradient()
    {
        var values = new float[13];
        values[4] = float.PositiveInfinity;
        var x = tensor(values).reshape(1, 13);
        var layer = PendingLinear(x);
        var monitor = new GradientMonitor(layer.named_parameters().ToList());

        Assert.Equal(0, monitor.Measure());
        Assert.False(double.IsFinite(monitor.Last(0)));
    }
}
