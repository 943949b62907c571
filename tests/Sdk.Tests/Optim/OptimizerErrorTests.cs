using Edu.Sdk.Nn;

namespace Edu.Sdk.Tests.Optim;

public class OptimizerErrorTests
{
    static Parameter P() => torch.nn.Parameter(torch.ones(2));

    [Theory]
    [InlineData(-0.1, "Adam: invalid learning rate -0.1; lr must be a finite number >= 0.")]
    [InlineData(double.NaN, "Adam: invalid learning rate NaN; lr must be a finite number >= 0.")]
    [InlineData(double.PositiveInfinity, "Adam: invalid learning rate Infinity; lr must be a finite number >= 0.")]
    public void Adam_refuses_a_bad_learning_rate(double lr, string message)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => torch.optim.Adam([P()], lr));
        Assert.StartsWith(message, ex.Message);
    }

    [Fact]
    public void SGD_refuses_a_negative_learning_rate()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => torch.optim.SGD([P()], -1));
        Assert.StartsWith("SGD: invalid learning rate -1; lr must be a finite number >= 0.", ex.Message);
    }

    [Theory]
    [InlineData(1.0, 0.999, "Adam: invalid beta1 1; betas must be in [0, 1).")]
    [InlineData(0.9, -0.1, "Adam: invalid beta2 -0.1; betas must be in [0, 1).")]
    [InlineData(0.9, double.NaN, "Adam: invalid beta2 NaN; betas must be in [0, 1).")]
    public void Adam_refuses_betas_outside_0_1(double b1, double b2, string message)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => torch.optim.Adam([P()], beta1: b1, beta2: b2));
        Assert.StartsWith(message, ex.Message);
    }

    [Fact]
    public void An_empty_parameter_list_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => torch.optim.Adam([]));
        Assert.StartsWith("Adam: got an empty parameter list; pass the parameters to train, e.g. model.parameters().", ex.Message);
    }

    [Fact]
    public void A_parameter_given_twice_is_refused()
    {
        var a = P();
        var ex = Assert.Throws<ArgumentException>(() => torch.optim.SGD([a, P(), a], 0.1));
        Assert.StartsWith("SGD: parameter 2 is the same tensor as parameter 0; give each parameter once.", ex.Message);
    }

    [Fact]
    public void Two_parameters_over_one_storage_are_refused()
    {
        var t = torch.ones(4);
        var ex = Assert.Throws<ArgumentException>(() => torch.optim.Adam([torch.nn.Parameter(t), torch.nn.Parameter(t)]));
        Assert.StartsWith("Adam: parameters 0 and 1 share storage; give each parameter once.", ex.Message);
    }

    [Fact]
    public void Nesterov_needs_momentum_and_no_dampening()
    {
        var ex = Assert.Throws<ArgumentException>(() => torch.optim.SGD([P()], 0.1, nesterov: true));
        Assert.StartsWith("SGD: Nesterov momentum requires a momentum > 0 and zero dampening.", ex.Message);
    }

    [Fact]
    public void Negative_momentum_and_weight_decay_are_refused()
    {
        Assert.StartsWith("SGD: invalid momentum value -0.5; it must be a finite number >= 0.",
            Assert.Throws<ArgumentOutOfRangeException>(() => torch.optim.SGD([P()], 0.1, momentum: -0.5)).Message);
        Assert.StartsWith("Adam: invalid weight_decay value -1; it must be a finite number >= 0.",
            Assert.Throws<ArgumentOutOfRangeException>(() => torch.optim.Adam([P()], weight_decay: -1)).Message);
    }

    [Fact]
    public void A_gradient_of_the_wrong_shape_is_named()
    {
        var p = P();
        var opt = torch.optim.SGD([P(), p], 0.1);
        p.grad = torch.ones(3);
        var ex = Assert.Throws<InvalidOperationException>(() => opt.step());
        Assert.Equal("SGD: parameter 1 has shape (2) but its grad has shape (3).", ex.Message);
    }
}
