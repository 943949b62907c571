namespace Edu.Samples.Tests;

/// <summary>samples/Digits (A6) with --quick: probabilities, costs, accuracies and figures.</summary>
public sealed class DigitsSampleTests : IClassFixture<DigitsSampleTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public SampleRun Run { get; } = SampleRun.Quick(DigitsSample.Run);
        public void Dispose() => Run.Dispose();
    }

    readonly SampleRun _run;
    public DigitsSampleTests(Fixture fixture) => _run = fixture.Run;

    [Fact]
    public void Exits_with_zero() => Assert.True(_run.ExitCode == 0, _run.Output);

    [Fact]
    public void Reports_the_sizes_of_the_three_class_problem()
    {
        // Digits 3, 5, 8: 183 + 182 + 174 = 539 images, 80 % of them (431) for training; 64 pixels; 3 classes.
        Assert.Equal(431, _run.Number(@"n = (\d+) train"));
        Assert.Equal(108, _run.Number(@"(\d+) test, d ="));
        Assert.Equal(64, _run.Number(@"d = (\d+) pixels"));
        Assert.Equal(3, _run.Number(@"p = (\d+) classes"));
    }

    [Fact]
    public void Softmax_rows_and_module_outputs_sum_to_one()
    {
        Assert.True(_run.Number(@"rows of Ŷ sum to 1: max \|Σⱼ Ŷᵢⱼ − 1\| = (\S+)") < 1e-6);
        Assert.True(_run.Number(@"module outputs sum to 1: max \|Σⱼ Ŷᵢⱼ − 1\| = (\S+)") < 1e-6);
    }

    [Fact]
    public void Initial_cost_is_log_3_for_near_uniform_predictions() =>
        Assert.Equal(Math.Log(3), _run.Number(@"initial cost J = .*? = (\d+\.\d+)"), 2);

    [Fact]
    public void Manual_loop_and_optimizer_give_the_same_curve() =>
        Assert.True(_run.Number(@"manual loop vs optim\.SGD: largest cost difference over the run (\S+)") < 1e-6);

    [Fact]
    public void Two_layer_network_by_hand_and_as_module_agree() =>
        Assert.True(_run.Number(@"by hand vs module: largest cost difference over the run (\S+)") < 1e-4);

    [Theory]
    [InlineData(@"^softmax regression test accuracy: (\d\.\d+)")]
    [InlineData(@"^two-layer test accuracy: (\d\.\d+)")]
    [InlineData(@"^mini-batch softmax regression test accuracy: (\d\.\d+)")]
    [InlineData(@"^mini-batch two-layer test accuracy: (\d\.\d+)")]
    public void Test_accuracy_is_above_90_percent(string pattern) =>
        Assert.InRange(_run.Number(pattern), 0.9, 1.0);

    [Fact]
    public void Mini_batches_are_noisy_and_full_batch_descent_is_not()
    {
        Assert.Equal(0, _run.Number(@"softmax regression, manual update\s+\d+\s+\d+\s+\S+\s+\S+\s+(\d+) \("));
        Assert.True(_run.Number(@"softmax regression, batches of 20\s+\d+\s+\d+\s+\S+\s+\S+\s+(\d+) \(") > 0);
    }

    [Fact]
    public void Cost_figures_are_svg()
    {
        _run.AssertSvg("cost-softmax-regression.svg");
        _run.AssertSvg("cost-full-vs-minibatch.svg");
    }
}
