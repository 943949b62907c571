using SoftmaxRegression;

namespace Edu.Samples.Tests;

/// <summary>samples/SoftmaxRegression (A2), run with --quick: one run shared by the facts below.</summary>
public sealed class SoftmaxRegressionSampleTests : IClassFixture<SoftmaxRegressionSampleTests.Run>
{
    public sealed class Run : IDisposable
    {
        public SampleRun Sample { get; } = SampleRun.Quick(SoftmaxRegressionSample.Run);
        public void Dispose() => Sample.Dispose();
    }

    readonly SampleRun _run;

    public SoftmaxRegressionSampleTests(Run run) => _run = run.Sample;

    [Fact]
    public void Exits_with_zero() => Assert.True(_run.ExitCode == 0, _run.Output);

    [Fact]
    public void Stable_softmax_of_huge_scores_is_one_hot() =>
        Assert.Contains("Stable softmax([1000, 10000, 100000]) = [0, 0, 1]", _run.Output, StringComparison.Ordinal);

    [Fact]
    public void Hand_written_gradient_matches_finite_differences_in_double()
    {
        Assert.Contains("X̃ᵀ(P − Y)/n by hand: passed", _run.Output, StringComparison.Ordinal);
        Assert.True(_run.Number(@"Largest difference from finite differences: (\S+)") < 1e-6, _run.Output);
    }

    [Fact]
    public void Both_grids_have_twelve_cells_and_learn()
    {
        // Quick mode: 1,800 training images, 2 epochs. Chance is 0.10; the best cell of each grid is far above it.
        foreach (var optimizer in new[] { "SGD", "Adam" })
        {
            double best = _run.Number(optimizer + @"\s*: (\d\.\d+) \(lr");
            Assert.True(best > 0.70, $"{optimizer}'s best validation accuracy is {best}:\n{_run.Output}");
        }
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(_run.Output, @"^0\.001 ", System.Text.RegularExpressions.RegexOptions.Multiline).Count);
    }

    [Fact]
    public void Test_accuracy_is_reported_once_and_above_the_floor()
    {
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(_run.Output, "Test accuracy"));
        Assert.True(_run.Number(@"Test accuracy \(the test set's only use\): (\d\.\d+)") > 0.68, _run.Output);
    }

    [Fact]
    public void Curves_history_and_tables_are_written()
    {
        foreach (var file in new[] { "best-curves.svg", "best-history.csv", "grid-sgd.md", "grid-adam.md" })
            Assert.True(new FileInfo(Path.Combine(_run.Folder, file)) is { Exists: true, Length: > 100 }, $"{file} is missing or empty");
        Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(_run.Folder, "best-curves.svg")).TrimStart().Replace("<?xml", "<svg", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
