using static Edu.Sdk.Tests.Optim.OptimTestData;

namespace Edu.Sdk.Tests.Optim;

public class SgdTests
{
    /// <summary>
    /// PyTorch's SGD, in doubles: d = g + λp; with momentum, b = d on the first step and μb + (1 − dampening)d after,
    /// then d = d + μb (Nesterov) or b; p ← p − lr·d.
    /// </summary>
    static List<double[]> Reference(bool float32, double lr, double mu, double dampening, double wd, bool nesterov)
    {
        var p = Initial(float32);
        double[]? b = null;
        var after = new List<double[]>();
        for (int t = 1; t <= 3; t++)
        {
            var g = Gradient(t, float32);
            var d = new double[Length];
            for (int i = 0; i < Length; i++) d[i] = g[i] + wd * p[i];
            if (mu != 0)
            {
                if (b is null) b = (double[])d.Clone();
                else for (int i = 0; i < Length; i++) b[i] = mu * b[i] + (1 - dampening) * d[i];
                for (int i = 0; i < Length; i++) d[i] = nesterov ? d[i] + mu * b[i] : b[i];
            }
            for (int i = 0; i < Length; i++) p[i] -= lr * d[i];
            after.Add((double[])p.Clone());
        }
        return after;
    }

    [Theory]
    [InlineData(true, 0.0, 0.0, 0.0, false)]     // plain
    [InlineData(false, 0.0, 0.0, 0.0, false)]
    [InlineData(true, 0.9, 0.0, 0.0, false)]     // momentum
    [InlineData(false, 0.9, 0.0, 0.0, false)]
    [InlineData(true, 0.9, 0.25, 0.0, false)]    // momentum with dampening
    [InlineData(false, 0.9, 0.25, 0.0, false)]
    [InlineData(true, 0.9, 0.0, 0.0, true)]      // Nesterov
    [InlineData(false, 0.9, 0.0, 0.0, true)]
    [InlineData(true, 0.0, 0.0, 0.1, false)]     // weight decay
    [InlineData(false, 0.8, 0.0, 0.1, true)]     // everything
    public void First_three_steps_match_the_recurrence(bool float32, double momentum, double dampening, double weightDecay, bool nesterov)
    {
        const double lr = 0.05;
        var expected = Reference(float32, lr, momentum, dampening, weightDecay, nesterov);
        var p = torch.nn.Parameter(Tensor(Initial(float32), float32));
        var opt = torch.optim.SGD([p], lr, momentum, dampening, weightDecay, nesterov);
        for (int t = 1; t <= 3; t++)
        {
            p.grad = Tensor(Gradient(t, float32), float32);
            opt.step();
            AssertClose(expected[t - 1], p, float32, $"SGD step {t}");
        }
    }

    [Fact]
    public void Dampening_does_not_apply_on_the_first_step()
    {
        // PyTorch sets the buffer to the gradient on the first step: p = 1 − 0.1·1, whatever the dampening.
        var p = torch.nn.Parameter(torch.ones(1, dtype: torch.float64));
        var opt = torch.optim.SGD([p], 0.1, momentum: 0.9, dampening: 0.5);
        p.grad = torch.ones(1, dtype: torch.float64);
        opt.step();
        Assert.Equal(0.9, p.item<double>(), 1e-15);
        Assert.Equal(1.0, opt.state_dict()["state.0.momentum_buffer"].item<double>());
    }
}
