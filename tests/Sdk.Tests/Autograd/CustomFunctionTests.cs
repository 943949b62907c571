using Edu.Sdk.Checking;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Autograd;

/// <summary>Assignment A4's custom functions, written as a student would, checked as the assignment asks (eps 1e-6, atol 1e-4).</summary>
public class CustomFunctionTests
{
    static readonly GradCheckOptions A4 = new(Eps: 1e-6, Atol: 1e-4, Throw: true);

    /// <summary>MSE(ŷ, y) = mean((ŷ − y)²); dL/dŷ = 2(ŷ − y)/n · g, dL/dy = −dL/dŷ.</summary>
    sealed class Mse : autograd.SingleTensorFunction<Mse>
    {
        public override string Name => "Mse";
        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var (pred, target) = ((Tensor)vars[0], (Tensor)vars[1]);
            var diff = pred - target;
            ctx.save_for_backward(diff);
            return diff.pow(2).mean();
        }
        public override List<Tensor?> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var diff = ctx.get_saved_variables()[0];
            var g = diff * (2.0 / diff.numel()) * grad_output;
            return [g, g.neg()];
        }
    }

    /// <summary>Linear(x, W, b) = x·W + b; dL/dx = g·Wᵀ, dL/dW = xᵀ·g, dL/db = Σᵢ gᵢ.</summary>
    sealed class Linear : autograd.SingleTensorFunction<Linear>
    {
        public override string Name => "Linear";
        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var (x, w, b) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2]);
            ctx.save_for_backward(x, w);
            return x.matmul(w) + b;
        }
        public override List<Tensor?> backward(autograd.AutogradContext ctx, Tensor g)
        {
            var saved = ctx.get_saved_variables();
            return [g.matmul(saved[1].T), saved[0].T.matmul(g), g.sum(0)];
        }
    }

    [Fact]
    public void Mse_and_linear_pass_grad_check()
    {
        var gen = new Generator(3);
        var x = randn([8, 5], float64, gen).requires_grad_();
        var w = randn([5, 2], float64, gen).requires_grad_();
        var b = randn([2], float64, gen).requires_grad_();
        var y = randn([8, 2], float64, gen).requires_grad_();
        Assert.True(GradCheck.Function(v => Linear.apply(v[0], v[1], v[2]), [x, w, b], A4).Passed);
        Assert.True(GradCheck.Function(v => Mse.apply(v[0], v[1]), [x, randn([8, 5], float64, gen).requires_grad_()], A4).Passed);
        Assert.True(GradCheck.Function(v => Mse.apply(Linear.apply(v[0], v[1], v[2]), v[3]), [x, w, b, y], A4).Passed);
    }

    [Fact]
    public void Custom_functions_agree_with_the_tape()
    {
        var gen = new Generator(5);
        var x = randn([6, 3], float64, gen);
        var w1 = randn([3, 1], float64, gen).requires_grad_();
        var w2 = w1.detach().clone().requires_grad_();
        var y = randn([6, 1], float64, gen);
        Mse.apply(Linear.apply(x, w1, zeros(1, dtype: float64)), y).backward();
        (x.matmul(w2) - y).pow(2).mean().backward();
        Assert.True(w1.grad!.allclose(w2.grad!, 1e-12, 1e-12));
    }

    sealed class TooFew : autograd.SingleTensorFunction<TooFew>
    {
        public override string Name => "TooFew";
        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars) => (Tensor)vars[0] * (Tensor)vars[1];
        public override List<Tensor?> backward(autograd.AutogradContext ctx, Tensor g) => [g];
    }

    sealed class WrongShape : autograd.SingleTensorFunction<WrongShape>
    {
        public override string Name => "WrongShape";
        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars) => ((Tensor)vars[0]).sum();
        public override List<Tensor?> backward(autograd.AutogradContext ctx, Tensor g) => [g];
    }

    [Fact]
    public void A_backward_returning_the_wrong_number_or_shape_of_gradients_is_named()
    {
        var a = ones(3).requires_grad_();
        var e = Assert.Throws<InvalidOperationException>(() => TooFew.apply(a, ones(3)).sum().backward());
        Assert.Equal("TooFew.backward returned 1 gradient(s), but forward took 2 tensor input(s); return one per tensor input, in order (null where no gradient is needed).", e.Message);
        e = Assert.Throws<InvalidOperationException>(() => WrongShape.apply(ones(2, 3).requires_grad_()).backward());
        Assert.Equal("WrongShape.backward: the gradient for input 0 has shape (scalar) but that input has shape (2x3); dL/dx always has x's shape.", e.Message);
    }
}
