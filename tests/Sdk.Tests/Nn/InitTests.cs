using Edu.Sdk.Nn;
using static Edu.Sdk.torch;
using static Edu.Sdk.torch.nn.init;

namespace Edu.Sdk.Tests.Nn;

/// <summary>Initialisation bounds and statistics (fixed seeds; tolerances of a few standard errors).</summary>
public class InitTests
{
    static double[] Values(Tensor t) => t.to(float64).data<double>().ToArray();

    /// <summary>Asserts the sample mean and standard deviation of <paramref name="v"/> are within 5 standard errors of the expected ones.</summary>
    static void AssertMoments(double[] v, double mean, double std)
    {
        int n = v.Length;
        double m = v.Average();
        double s = Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (n - 1));
        Assert.InRange(m, mean - 5 * std / Math.Sqrt(n), mean + 5 * std / Math.Sqrt(n));
        // The standard error of a sample std is about std / √(2n) (a little more for uniform draws' kurtosis: use 5).
        Assert.InRange(s, std * (1 - 5 / Math.Sqrt(2.0 * n)), std * (1 + 5 / Math.Sqrt(2.0 * n)));
    }

    [Fact]
    public void Linear_default_init_is_uniform_within_one_over_root_fan_in()
    {
        var lin = nn.Linear(100, 400);
        double bound = 1 / Math.Sqrt(100);
        var w = Values(lin.weight);
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.All(Values(lin.bias!), v => Assert.InRange(v, -bound, bound));
        // U(−b, b): mean 0, std b/√3; and the draws reach near both ends.
        AssertMoments(w, 0, bound / Math.Sqrt(3));
        Assert.True(w.Max() > 0.99 * bound && w.Min() < -0.99 * bound);
    }

    [Fact]
    public void Conv2d_default_init_uses_fan_in_of_channels_times_kernel()
    {
        var conv = nn.Conv2d(3, 64, 5);
        double bound = 1 / Math.Sqrt(3 * 5 * 5);
        Assert.All(Values(conv.weight), v => Assert.InRange(v, -bound, bound));
        Assert.All(Values(conv.bias!), v => Assert.InRange(v, -bound, bound));
        AssertMoments(Values(conv.weight), 0, bound / Math.Sqrt(3));
    }

    [Fact]
    public void Kaiming_normal_and_uniform_have_variance_gain_squared_over_fan()
    {
        var w = empty([200, 300], float64);
        kaiming_normal_(w, nonlinearity: NonlinearityType.ReLU, generator: new Generator(1));
        AssertMoments(Values(w), 0, Math.Sqrt(2.0 / 300));
        kaiming_uniform_(w, mode: FanInOut.FanOut, nonlinearity: NonlinearityType.ReLU, generator: new Generator(2));
        AssertMoments(Values(w), 0, Math.Sqrt(2.0 / 200));
        Assert.All(Values(w), v => Assert.InRange(v, -Math.Sqrt(6.0 / 200), Math.Sqrt(6.0 / 200)));
    }

    [Fact]
    public void Xavier_normal_and_uniform_have_variance_two_over_fan_in_plus_fan_out()
    {
        var w = empty([200, 300]);
        xavier_normal_(w, generator: new Generator(3));
        AssertMoments(Values(w), 0, Math.Sqrt(2.0 / 500));
        xavier_uniform_(w, gain: calculate_gain(NonlinearityType.Tanh), generator: new Generator(4));
        AssertMoments(Values(w), 0, 5.0 / 3 * Math.Sqrt(2.0 / 500));
    }

    [Fact]
    public void Normal_uniform_and_constants()
    {
        var w = empty([100, 100]);
        AssertMoments(Values(normal_(w, 2, 0.5, new Generator(5))), 2, 0.5);
        var u = Values(uniform_(w, -3, 1, new Generator(6)));
        Assert.All(u, v => Assert.InRange(v, -3, 1));
        AssertMoments(u, -1, 4 / Math.Sqrt(12));
        Assert.All(Values(constant_(w, 0.25)), v => Assert.Equal(0.25, v));
        Assert.All(Values(zeros_(w)), v => Assert.Equal(0, v));
        Assert.All(Values(ones_(w)), v => Assert.Equal(1, v));
    }

    [Fact]
    public void The_same_generator_seed_gives_the_same_values()
    {
        var a = kaiming_uniform_(empty([10, 10]), generator: new Generator(42));
        var b = kaiming_uniform_(empty([10, 10]), generator: new Generator(42));
        Assert.Equal(Values(a), Values(b));
    }

    [Fact]
    public void Init_works_on_parameters_without_recording()
    {
        var p = new Parameter(zeros(3, 3));
        var r = xavier_uniform_(p);
        Assert.Same(p, r);
        Assert.Null(p.grad_fn);
        Assert.True(p.requires_grad);
    }

    [Fact]
    public void Gains_and_fans_follow_PyTorch()
    {
        Assert.Equal(1, calculate_gain(NonlinearityType.Linear));
        Assert.Equal(1, calculate_gain(NonlinearityType.Sigmoid));
        Assert.Equal(5.0 / 3, calculate_gain(NonlinearityType.Tanh));
        Assert.Equal(Math.Sqrt(2), calculate_gain(NonlinearityType.ReLU));
        Assert.Equal(Math.Sqrt(2 / (1 + 0.01 * 0.01)), calculate_gain(NonlinearityType.LeakyReLU));
        Assert.Equal(Math.Sqrt(1.0 / 3), calculate_gain(NonlinearityType.LeakyReLU, Math.Sqrt(5)), 12);
        Assert.Equal((75L, 200L), nn.init.Fans("t", empty([8, 3, 5, 5])));
        Assert.Equal((3L, 8L), nn.init.Fans("t", empty([8, 3])));
        var e = Assert.Throws<ArgumentException>(() => kaiming_uniform_(empty([5])));
        Assert.Contains("kaiming_uniform_: fan in and fan out need a tensor of at least 2 dimensions", e.Message);
    }
}
