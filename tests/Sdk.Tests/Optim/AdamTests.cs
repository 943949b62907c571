using Edu.Sdk.Nn;
using static Edu.Sdk.Tests.Optim.OptimTestData;

namespace Edu.Sdk.Tests.Optim;

public class AdamTests
{
    /// <summary>
    /// Adam as in the paper (Kingma &amp; Ba 2015, Algorithm 1) with L2 weight decay added to the gradient, in doubles:
    /// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ) (v_max for AMSGrad), p ← p − lr·m̂/(√v̂ + ε).
    /// </summary>
    static List<double[]> Reference(bool float32, double lr, double b1, double b2, double eps, double wd, bool amsgrad)
    {
        var p = Initial(float32);
        var m = new double[Length]; var v = new double[Length]; var vmax = new double[Length];
        var after = new List<double[]>();
        for (int t = 1; t <= 3; t++)
        {
            var g = Gradient(t, float32);
            for (int i = 0; i < Length; i++)
            {
                double gi = g[i] + wd * p[i];
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                vmax[i] = Math.Max(vmax[i], v[i]);
                double mHat = m[i] / (1 - Math.Pow(b1, t));
                double vHat = (amsgrad ? vmax[i] : v[i]) / (1 - Math.Pow(b2, t));
                p[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
            after.Add((double[])p.Clone());
        }
        return after;
    }

    [Theory]
    [InlineData(true, 0.0, 0.999, false)]
    [InlineData(false, 0.0, 0.999, false)]
    [InlineData(true, 0.05, 0.999, false)]
    [InlineData(false, 0.05, 0.999, false)]
    [InlineData(true, 0.0, 0.6, true)]      // a small β₂ lets v fall after step 1, so v_max ≠ v
    [InlineData(false, 0.05, 0.6, true)]
    public void First_three_steps_match_the_paper(bool float32, double weightDecay, double b2, bool amsgrad)
    {
        const double lr = 0.01, b1 = 0.9, eps = 1e-8;
        var expected = Reference(float32, lr, b1, b2, eps, weightDecay, amsgrad);
        var p = torch.nn.Parameter(Tensor(Initial(float32), float32));
        var opt = torch.optim.Adam([p], lr, b1, b2, eps, weightDecay, amsgrad);
        for (int t = 1; t <= 3; t++)
        {
            p.grad = Tensor(Gradient(t, float32), float32);
            opt.step();
            AssertClose(expected[t - 1], p, float32, $"Adam step {t}");
        }
    }

    [Fact]
    public void The_reference_is_sensitive_to_amsgrad_so_the_amsgrad_case_tests_something()
    {
        var plain = Reference(false, 0.01, 0.9, 0.6, 1e-8, 0, false)[2];
        var ams = Reference(false, 0.01, 0.9, 0.6, 1e-8, 0, true)[2];
        Assert.True(plain.Zip(ams).Max(x => Math.Abs(x.First - x.Second)) > 1e-4);
    }

    [Fact]
    public void Parameters_without_a_gradient_are_skipped_and_keep_no_state()
    {
        var a = torch.nn.Parameter(torch.ones(3));
        var b = torch.nn.Parameter(torch.ones(2));
        var opt = torch.optim.Adam([a, b], lr: 0.1);
        a.grad = torch.ones(3);
        opt.step();
        Assert.Equal(new[] { 1f, 1f }, b.data<float>().ToArray());
        Assert.True(a.data<float>()[0] < 1f);
        var state = opt.state_dict();
        Assert.True(state.ContainsKey("state.0.exp_avg"));
        Assert.False(state.ContainsKey("state.1.exp_avg"));
        Assert.Equal(1L, state["state.0.step"].item<long>());
    }

    [Fact]
    public void Moments_of_an_unlit_pixel_are_flushed_to_zero_instead_of_becoming_subnormal()
    {
        // m decays by 0.9 a step once the gradient is 0: 0.1·0.9ᵗ passes the smallest normal float (1.2e-38) near t = 810.
        var p = torch.nn.Parameter(torch.zeros(20));
        var opt = torch.optim.Adam([p], lr: 1e-3);
        p.grad = torch.ones(20);
        opt.step();
        p.grad = torch.zeros(20);
        for (int t = 0; t < 1500; t++) opt.step();
        var state = opt.state_dict();
        foreach (var key in new[] { "state.0.exp_avg", "state.0.exp_avg_sq" })
            foreach (float x in state[key].data<float>())
                Assert.True(x == 0 || float.IsNormal(x), $"{key} holds the subnormal {x:R}");
        Assert.Equal(0f, state["state.0.exp_avg"].data<float>()[0]);
    }

    [Fact]
    public void NaN_is_not_flushed()
    {
        var p = torch.nn.Parameter(torch.zeros(20));
        var opt = torch.optim.Adam([p]);
        p.grad = torch.full([20], double.NaN);
        opt.step();
        Assert.All(p.data<float>().ToArray(), x => Assert.True(float.IsNaN(x)));
    }

    [Fact]
    public void Learning_rate_and_betas_can_be_set_between_steps()
    {
        var p = torch.nn.Parameter(torch.zeros(1, dtype: torch.float64));
        var opt = torch.optim.Adam([p], lr: 0.5);
        Assert.Equal(0.5, opt.InitialLearningRate);
        opt.LearningRate = 0.25;
        p.grad = torch.ones(1, dtype: torch.float64);
        opt.step();
        // Step 1 of Adam moves every element by lr·sign(g) (up to ε): m̂ = g, √v̂ = |g|.
        Assert.Equal(-0.25, p.item<double>(), 1e-7);
        opt.Betas = (0.8, 0.99);
        Assert.Equal((0.8, 0.99), opt.Betas);
        Assert.Throws<ArgumentOutOfRangeException>(() => opt.LearningRate = -1);
        Assert.Equal(0.25, opt.LearningRate);
    }

    [Fact]
    public void A_step_with_a_closure_returns_its_loss()
    {
        var p = torch.nn.Parameter(torch.tensor(new[] { 2.0 }));
        var opt = torch.optim.Adam([p], lr: 0.1);
        var loss = opt.step(() =>
        {
            opt.zero_grad();
            var l = (p * p).sum();
            l.backward();
            return l;
        });
        Assert.Equal(4.0, loss!.item<double>());
        Assert.Equal(1.9, p.item<double>(), 1e-7);
    }

    [Fact]
    public void Zero_grad_zeroes_in_place_and_keeps_the_tensor()
    {
        var p = torch.nn.Parameter(torch.ones(3));
        var opt = torch.optim.Adam([p]);
        (p * 2).sum().backward();
        var g = p.grad!;
        opt.zero_grad();
        Assert.Same(g, p.grad);
        Assert.Equal(new[] { 0f, 0f, 0f }, g.data<float>().ToArray());
    }
}
