using MlpBackprop;

namespace Edu.Samples.Tests;

/// <summary>samples/MlpBackprop (A3), run with --quick: one run shared by the facts below.</summary>
public sealed class MlpBackpropSampleTests : IClassFixture<MlpBackpropSampleTests.Run>
{
    public sealed class Run : IDisposable
    {
        public SampleRun Sample { get; } = SampleRun.Quick(MlpBackpropSample.Run);
        public void Dispose() => Sample.Dispose();
    }

    readonly SampleRun _run;

    public MlpBackpropSampleTests(Run run) => _run = run.Sample;

    [Fact]
    public void Exits_with_zero() => Assert.True(_run.ExitCode == 0, _run.Output);

    [Fact]
    public void Hand_written_generated_and_tape_gradients_agree_in_float32()
    {
        // Depth 1: list, [Layer] and generated vs tape; depth 3: list and generated vs tape. Gradients are O(0.1).
        var differences = _run.Numbers(@"max \|Δ\| = (\S+)");
        Assert.Equal(5, differences.Count);
        Assert.All(differences, d => Assert.True(d < 1e-6, $"max |Δ| = {d}:\n{_run.Output}"));
    }

    [Fact]
    public void Both_hand_written_backwards_pass_gradcheck_in_double()
    {
        Assert.Contains("Gradient check of the hand-written backward, depth 2, width 6: passed", _run.Output, StringComparison.Ordinal);
        Assert.Contains("Gradient check of OneHiddenLayerMlp.backward (hand-written, generated forward): passed", _run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Adam_trains_the_hand_written_mlp()
    {
        // 784-100-10, Adam lr 0.001, 2 epochs on 1,800 images: chance is 0.10.
        var accuracies = _run.Numbers(@"Adam lr 0\.001, batch 64, 2 epochs, backprop by hand: validation accuracy per epoch (?:\S+ ){2}(\d\.\d+)");
        Assert.True(accuracies[0] > 0.70, _run.Output);
        Assert.True(_run.Number(@"the test set's only use\): (\d\.\d+)") > 0.65, _run.Output);
    }

    [Fact]
    public void Small_init_stalls_and_large_init_is_stopped_with_a_report()
    {
        Assert.True(_run.Number(@"no divergence; validation accuracy per epoch: \S+ (\d\.\d+)") < 0.2, _run.Output);
        Assert.Contains("Trainer.Fit stopped: Training diverged at epoch 1", _run.Output, StringComparison.Ordinal);
        Assert.Contains("blew up", _run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Timing_table_has_all_four_implementations()
    {
        var ratios = _run.Numbers(@"ratios to the generated backward: by hand (\d+\.\d+)x");
        Assert.All(ratios, r => Assert.True(r > 0));
        Assert.Matches(@"784-100-10\s+\d+\.\d+\s+\d+\.\d+\s+\d+\.\d+\s+\d+\.\d+", _run.Output);
    }

    [Fact]
    public void Grid_table_and_curves_are_written()
    {
        foreach (var file in new[] { "grid-sgd.md", "mlp-sgd.svg", "mlp-adam.svg", "mlp-adam.csv" })
            Assert.True(new FileInfo(Path.Combine(_run.Folder, file)) is { Exists: true, Length: > 50 }, $"{file} is missing or empty");
    }
}
