namespace Edu.Samples.Tests;

/// <summary>samples/Trainer (A5) with --quick --digits (the embedded digits, so the result does not depend on Fashion-MNIST being installed).</summary>
public sealed class TrainerSampleTests : IClassFixture<TrainerSampleTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public SampleRun Run { get; } = SampleRun.Quick(TrainerSample.Run, "--digits");
        public void Dispose() => Run.Dispose();
    }

    readonly SampleRun _run;
    public TrainerSampleTests(Fixture fixture) => _run = fixture.Run;

    [Fact]
    public void Exits_with_zero_and_says_which_data_it_used()
    {
        Assert.True(_run.ExitCode == 0, _run.Output);
        Assert.Contains("embedded 8x8 digits", _run.Output, StringComparison.Ordinal);
    }

    double EpochZeroMae() => _run.Number(@"^\s+lr 0\.01\s*: (\d+\.\d+)");

    [Fact]
    public void A_learning_rate_of_1e_8_does_not_move_the_MAE() =>
        Assert.Equal(EpochZeroMae(), _run.Number(@"^final MLP test MAE lr=1e-08: (\d+\.\d+)"), 2);

    [Fact]
    public void A_learning_rate_of_0_01_learns_faster_than_1e_4()
    {
        double fast = _run.Number(@"^final MLP test MAE lr=0\.01: (\d+\.\d+)");
        double slow = _run.Number(@"^final MLP test MAE lr=0\.0001: (\d+\.\d+)");
        Assert.True(fast < slow && slow < EpochZeroMae(), $"lr 0.01: {fast}, lr 1e-4: {slow}, before training: {EpochZeroMae()}");
        Assert.True(fast < 2.5, $"MAE {fast}: not better than a constant guess of 4.5 on labels 0..9");
    }

    [Theory]
    [InlineData("cnn")]
    [InlineData("deep-cnn")]
    [InlineData("shallow-cnn")]
    public void Each_cnn_lowers_its_training_loss_and_writes_its_curves(string file)
    {
        var (header, rows) = _run.Csv(file + ".csv");
        int loss = Array.IndexOf(header, "train_loss"), accuracy = Array.IndexOf(header, "validation_accuracy");
        Assert.Equal(3, rows.Length);                                    // epochs 0, 1, 2
        Assert.True(rows[^1][loss] < rows[0][loss], $"{file}: train loss {rows[0][loss]} -> {rows[^1][loss]}");
        Assert.All(rows, r => Assert.InRange(r[accuracy], 0, 1));
        _run.AssertSvg(file + ".svg");
    }

    [Fact]
    public void Comparison_figures_are_svg()
    {
        _run.AssertSvg("mlp-learning-rates.svg");
        _run.AssertSvg("cnn-comparison.svg");
    }
}
