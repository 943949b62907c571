using Tour;

namespace Edu.Samples.Tests;

/// <summary>samples/Tour (the README's first command) with --quick: each section's numbers, not just its titles.</summary>
public sealed class TourSampleTests : IClassFixture<TourSampleTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public SampleRun Run { get; } = SampleRun.Quick(TourSample.Run);
        public void Dispose() => Run.Dispose();
    }

    readonly SampleRun _run;
    public TourSampleTests(Fixture fixture) => _run = fixture.Run;

    [Fact]
    public void Exits_with_zero() => Assert.True(_run.ExitCode == 0, _run.Output);

    [Fact]
    public void Softmax_of_huge_logits_is_an_exact_one_hot() =>
        Assert.Contains("softmax([1000, 10000, 100000]) = tensor([0., 0., 1.])", _run.Output);

    [Fact]
    public void The_generated_mlp_learns_the_digits()
    {
        // Five epochs of the 64-100-10 MLP on 1,258 training digits: well above chance (10 %).
        Assert.True(_run.Number(@"test accuracy (\d+\.\d+ ?%)") > 0.85, _run.Output);
        _run.AssertSvg("digits-mlp.svg");
    }

    [Fact]
    public void Generated_tape_and_hand_written_gradients_agree_and_pass_grad_check()
    {
        foreach (var name in new[] { "w1", "b1", "w2", "b2" })
        {
            Assert.True(_run.Number($@"dL/d{name}\s+max \|generated − tape\| = (\S+)") < 1e-12);
            Assert.True(_run.Number($@"dL/d{name}\s+max \|generated − tape\| = \S+\s+max \|by hand − tape\| = (\S+)") < 1e-12);
        }
        Assert.Contains("Gradient check of the generated backward of Mlp + CrossEntropy: passed", _run.Output);
    }

    [Fact]
    public void Seeing_and_doing_give_the_exact_a1_answers()
    {
        // P(r1 | g2) = Σ_s P(s) P(r1|s) P(g2|s) / Σ_s P(s) P(g2|s), with P(g2|s) = Σ_d P(d) P(g2|s,d):
        // P(g2|s0) = 0.9·0.2 + 0.1·0.02 = 0.182, P(g2|s1) = 0.9·0.7 + 0.1·0.3 = 0.66.
        double seen = (0.2 * 0.1 * 0.182 + 0.8 * 0.8 * 0.66) / (0.2 * 0.182 + 0.8 * 0.66);
        Assert.Equal(seen, _run.Number(@"P\(R \| G = g2\)\s+= r0: \S+, r1: (\S+)"), 4);
        // do(G = g2) cuts S → G: P(r1 | do(g2)) = P(r1) = 0.2·0.1 + 0.8·0.8 = 0.66.
        Assert.Equal(0.66, _run.Number(@"P\(R \| do\(G = g2\)\) = r0: \S+, r1: (\S+)"), 4);
    }

    [Fact]
    public void The_real_analyzers_report_backward_in_manual_mode_in_english_and_french()
    {
        Assert.Contains("Student.cs(6,6): error EDU0001: 'torch.Tensor.backward(torch.Tensor?, bool)' computes gradients for you", _run.Output);
        Assert.Contains("error EDU0001: « torch.Tensor.requires_grad_(bool) » calcule les gradients à votre place", _run.Output);
    }
}
