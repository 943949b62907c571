namespace Edu.Sdk.Tests.Optim;

public class ClippingTests
{
    static (Edu.Sdk.Nn.Parameter a, Edu.Sdk.Nn.Parameter b, Edu.Sdk.Nn.Parameter none) Params()
    {
        var a = torch.nn.Parameter(torch.zeros(2, dtype: torch.float64));
        var b = torch.nn.Parameter(torch.zeros(1, dtype: torch.float64));
        var none = torch.nn.Parameter(torch.zeros(1, dtype: torch.float64));
        a.grad = torch.tensor(new[] { 3.0, -4.0 });
        b.grad = torch.tensor(new[] { 12.0 });
        return (a, b, none);
    }

    [Fact]
    public void Clip_grad_norm_returns_the_total_norm_and_scales_by_max_over_total_plus_1e_6()
    {
        var (a, b, none) = Params();
        // total = √(3² + 4² + 12²) = 13; c = 6.5 / (13 + 1e-6).
        double total = torch.nn.utils.clip_grad_norm_([a, b, none], 6.5);
        Assert.Equal(13.0, total, 1e-12);
        double c = 6.5 / (13 + 1e-6);
        Assert.Equal(new[] { 3 * c, -4 * c }, a.grad!.data<double>().ToArray());
        Assert.Equal(12 * c, b.grad!.item<double>());
        Assert.Null(none.grad);
    }

    [Fact]
    public void Gradients_under_the_limit_are_unchanged()
    {
        var (a, b, _) = Params();
        Assert.Equal(13.0, torch.nn.utils.clip_grad_norm_([a, b], 20), 1e-12);
        Assert.Equal(new[] { 3.0, -4.0 }, a.grad!.data<double>().ToArray());
    }

    [Theory]
    [InlineData(1.0, 19.0)]                                   // |3| + |−4| + |12|
    [InlineData(double.PositiveInfinity, 12.0)]               // max |gᵢ|
    [InlineData(3.0, 12.2070549538206)]                        // (27 + 64 + 1728)^(1/3) = 1819^(1/3)
    public void Other_norms(double p, double expected)
    {
        var (a, b, _) = Params();
        double total = torch.nn.utils.clip_grad_norm_([a, b], 1, p);
        Assert.Equal(expected, total, 1e-9);
        double c = 1 / (expected + 1e-6);
        Assert.Equal(12 * c, b.grad!.item<double>(), 1e-12);
    }

    [Fact]
    public void Float32_gradients_are_clipped_too()
    {
        var p = torch.nn.Parameter(torch.zeros(20));
        p.grad = torch.full([20], 2.0);                      // ‖g‖ = 2·√20
        double total = torch.nn.utils.clip_grad_norm_([p], 1);
        Assert.Equal(2 * Math.Sqrt(20), total, 1e-5);
        Assert.All(p.grad.data<float>().ToArray(), x => Assert.Equal(1 / Math.Sqrt(20), x, 1e-6));
    }

    [Fact]
    public void A_non_finite_norm_can_be_an_error()
    {
        var p = torch.nn.Parameter(torch.zeros(2));
        p.grad = torch.tensor(new[] { float.NaN, 1f });
        var ex = Assert.Throws<InvalidOperationException>(() => torch.nn.utils.clip_grad_norm_([p], 1, error_if_nonfinite: true));
        Assert.StartsWith("clip_grad_norm_: the total norm of order 2 of the gradients is NaN", ex.Message);
    }

    [Fact]
    public void Clip_grad_value_clamps_each_element()
    {
        var p = torch.nn.Parameter(torch.zeros(3));
        p.grad = torch.tensor(new[] { -3f, 0.5f, 2f });
        torch.nn.utils.clip_grad_value_([p], 1);
        Assert.Equal(new[] { -1f, 0.5f, 1f }, p.grad.data<float>().ToArray());
    }
}
