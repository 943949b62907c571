namespace Edu.Samples.Tests;

/// <summary>samples/LinearRegression (A4) with --quick: gradient checks, MSE ceilings, curves and TensorBoard files.</summary>
public sealed class LinearRegressionSampleTests : IClassFixture<LinearRegressionSampleTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public SampleRun Run { get; } = SampleRun.Quick(LinearRegressionSample.Run);
        public void Dispose() => Run.Dispose();
    }

    readonly SampleRun _run;
    public LinearRegressionSampleTests(Fixture fixture) => _run = fixture.Run;

    [Fact]
    public void Exits_with_zero() => Assert.True(_run.ExitCode == 0, _run.Output);

    [Fact]
    public void The_three_gradient_checks_pass_with_tiny_errors()
    {
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(_run.Output, @"^Gradient check of .*: passed \(eps 1e-06, atol 0\.0001", System.Text.RegularExpressions.RegexOptions.Multiline).Count);
        Assert.DoesNotContain("FAILED", _run.Output, StringComparison.Ordinal);
        Assert.True(_run.Number(@"custom backward vs the tape, max \|ΔdW\|: (\S+)") < 1e-12);
    }

    [Fact]
    public void Least_squares_optimum_is_about_half_the_target_variance()
    {
        // A linear model explains roughly half of the variance of the standardised Diabetes target.
        Assert.InRange(_run.Number(@"Least squares .*test MSE (\d+\.\d+)"), 0.35, 0.6);
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("stochastic")]
    [InlineData("mini-batch")]
    [InlineData("concise")]
    public void Each_variant_ends_near_the_least_squares_test_MSE(string variant)
    {
        double optimum = _run.Number(@"Least squares .*test MSE (\d+\.\d+)");
        double mse = _run.Number($@"^final {variant} test MSE: (\d+\.\d+)");
        Assert.InRange(mse, 0.3, optimum * 1.15);    // within 15 % of the best linear model after 10 epochs
    }

    [Fact]
    public void Loss_curves_are_svg_and_the_history_is_csv()
    {
        foreach (var f in new[] { "loss-batch.svg", "loss-stochastic.svg", "loss-mini-batch.svg", "loss-comparison.svg", "concise-curves.svg" })
            _run.AssertSvg(f);
        var (header, rows) = _run.Csv("concise-history.csv");
        Assert.Equal("epoch", header[0]);
        Assert.Equal(11, rows.Length);                                    // epoch 0 and 10 epochs
        Assert.True(rows[^1][Array.IndexOf(header, "train_loss")] < rows[0][Array.IndexOf(header, "train_loss")]);
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("stochastic")]
    [InlineData("mini-batch")]
    [InlineData("concise")]
    public void Each_run_writes_a_well_framed_TensorBoard_file(string run)
    {
        var records = TensorBoardFile.Records(TensorBoardFile.Single(Path.Combine(_run.Folder, "runs", run)));
        Assert.True(TensorBoardFile.Contains(records[0], "brain.Event:2"));
        Assert.True(records.Count >= 1 + 2 * 11, $"{records.Count} records");   // file version + train and test loss per epoch
        Assert.Contains(records, r => TensorBoardFile.Contains(r, "loss/"));
    }
}
