using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Optim;

/// <summary>
/// zero_grad defers its zeros (a generated backward overwrites the gradient instead of adding to zeros): whatever
/// reads a gradient afterwards must still see zeros, and a backward must still give the fresh gradient.
/// </summary>
public class ZeroGradTests
{
    static (Parameter W, Tensor X) Problem()
    {
        var w = nn.Parameter(tensor(new double[,] { { 1, 2 }, { 3, 4 } }));
        var x = tensor(new double[,] { { 1, -1 }, { 2, 0.5 } });
        return (w, x);
    }

    [Fact]
    public void Reading_grad_after_zero_grad_gives_zeros()
    {
        var (w, x) = Problem();
        var opt = optim.SGD([w], lr: 0.1);
        x.matmul(w).sum().backward();
        var buffer = w.grad!;
        opt.zero_grad();
        Assert.Equal(new double[] { 0, 0, 0, 0 }, w.grad!.data<double>().ToArray());
        Assert.Same(buffer, w.grad);
    }

    [Fact]
    public void Tape_backward_after_zero_grad_gives_the_fresh_gradient_not_the_sum()
    {
        var (w, x) = Problem();
        var opt = optim.SGD([w], lr: 0.1);
        x.matmul(w).sum().backward();
        var once = w.grad!.clone();
        opt.zero_grad();
        x.matmul(w).sum().backward();
        Assert.Equal(once.data<double>().ToArray(), w.grad!.data<double>().ToArray());
        // d/dW Σ(X·W) = Xᵀ·1: column sums of X repeated, computed by hand.
        Assert.Equal(new double[] { 3, 3, -0.5, -0.5 }, once.data<double>().ToArray());
    }

    [Fact]
    public void A_step_after_zero_grad_without_backward_leaves_the_parameter_alone()
    {
        var (w, x) = Problem();
        var opt = optim.SGD([w], lr: 0.1);
        x.matmul(w).sum().backward();
        opt.zero_grad();
        var before = w.detach().clone();
        opt.step();
        Assert.Equal(before.data<double>().ToArray(), w.data<double>().ToArray());
    }

    [Fact]
    public void Module_zero_grad_defers_and_set_to_none_clears()
    {
        var layer = nn.Linear(2, 2, dtype: ScalarType.Float64);
        layer.forward(tensor(new double[,] { { 1, 2 } })).sum().backward();
        layer.zero_grad();
        Assert.All(layer.parameters(), p => Assert.All(p.grad!.data<double>().ToArray(), v => Assert.Equal(0.0, v)));
        layer.zero_grad(set_to_none: true);
        Assert.All(layer.parameters(), p => Assert.Null(p.grad));
    }
}
