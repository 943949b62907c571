using Edu.Sdk.Checking;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Autograd;

public class TapeTests
{
    [Fact]
    public void Gradient_of_a_known_function_has_the_hand_computed_value()
    {
        // L = Σ (w·x)² with w = [1, 2], x = [3, 4]: dL/dw = 2(w·x)x = 2·11·[3, 4] = [66, 88].
        var w = tensor(new[] { 1.0, 2.0 }).requires_grad_();
        var x = tensor(new[] { 3.0, 4.0 });
        w.matmul(x).pow(2).backward();
        Assert.Equal(new[] { 66.0, 88.0 }, w.grad!.data<double>().ToArray());
    }

    [Theory]
    [InlineData(3, 4, 5)]
    [InlineData(8, 20, 37)]
    [InlineData(10, 784, 20)]
    [InlineData(2, 12, 20)]
    [InlineData(5, 9, 24)]
    public void A_linear_weight_gradient_is_bit_identical_whether_or_not_its_grad_exists(int outputs, int inputs, int batch)
    {
        // The first backward creates W.grad, later ones write into it (after zero_grad): both must compute the same
        // product, or a run resumed from a checkpoint would drift from the uninterrupted one in the last bits.
        manual_seed(3);
        var layer = nn.Linear(inputs, outputs);
        var x = randn(batch, inputs, generator: new Generator(4));
        var fresh = layer.weight;
        layer.forward(x).pow(2).sum().backward();
        var first = fresh.grad!.data<float>().ToArray();

        layer.zero_grad();
        layer.forward(x).pow(2).sum().backward();

        Assert.Equal(first, fresh.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Gradients_accumulate_until_zeroed()
    {
        var w = tensor(new[] { 1.0, -2.0 }).requires_grad_();
        (w * 3).sum().backward();
        (w * 3).sum().backward();
        Assert.Equal(new[] { 6.0, 6.0 }, w.grad!.data<double>().ToArray());
        w.grad.zero_();
        (w * w).sum().backward();
        Assert.Equal(new[] { 2.0, -4.0 }, w.grad.data<double>().ToArray());
    }

    [Fact]
    public void A_tensor_used_twice_gets_both_contributions()
    {
        var x = tensor(new[] { 2.0 }).requires_grad_();
        var y = x * x + x;          // dy/dx = 2x + 1 = 5
        y.sum().backward();
        Assert.Equal(5.0, x.grad!.item<double>());
    }

    [Fact]
    public void Backward_with_an_explicit_gradient()
    {
        var x = tensor(new[] { 1.0, 2.0, 3.0 }).requires_grad_();
        (x * x).backward(tensor(new[] { 1.0, 0.5, 0.0 }));
        Assert.Equal(new[] { 2.0, 2.0, 0.0 }, x.grad!.data<double>().ToArray());
    }

    [Fact]
    public void No_grad_scope_records_nothing_and_restores_on_dispose()
    {
        var w = ones(2).requires_grad_();
        using (no_grad())
        {
            Assert.False(is_grad_enabled());
            var y = w * 2;
            Assert.False(y.requires_grad);
            Assert.Null(y.grad_fn);
            w.add_(1);               // allowed inside no_grad: this is how optimizers update
        }
        Assert.True(is_grad_enabled());
        Assert.Equal("MulBackward1", (w * 2).grad_fn!.name());
        Assert.True((w * 2).requires_grad);
    }

    [Fact]
    public void Detach_leaves_the_graph_but_shares_storage()
    {
        var w = ones(2).requires_grad_();
        var d = (w * 2).detach();
        Assert.False(d.requires_grad);
        Assert.True(d.is_leaf);
    }

    [Fact]
    public void Autograd_grad_returns_gradients_without_touching_grad()
    {
        var x = tensor(new[] { 1.0, 2.0 }).requires_grad_();
        var h = x.exp();
        var y = (h * 3).sum();
        var gs = autograd.grad([y], [x, h]);
        Assert.Null(x.grad);
        Assert.Equal(new[] { 3 * Math.E, 3 * Math.Exp(2) }, gs[0]!.data<double>().ToArray());
        Assert.Equal(new[] { 3.0, 3.0 }, gs[1]!.data<double>().ToArray());
    }

    [Fact]
    public void Backward_of_a_non_scalar_without_gradient_says_what_to_do()
    {
        var y = ones(64, 10).requires_grad_() * 2;
        var e = Assert.Throws<InvalidOperationException>(() => y.backward());
        Assert.Equal("backward: the output has shape (64x10); backward() without a gradient needs a scalar (one-element) output such as a mean loss. Reduce it first (loss.mean()), or pass dL/d(output): y.backward(torch.ones_like(y)).", e.Message);
    }

    [Fact]
    public void Backward_twice_through_a_freed_graph_is_refused()
    {
        var x = ones(3).requires_grad_();
        var loss = (x.exp() * 2).sum();
        loss.backward();
        var e = Assert.Throws<InvalidOperationException>(() => loss.backward());
        // The first node met that needs what it kept (the sum and the product by 2 keep only shapes and a number).
        Assert.StartsWith("backward: the graph through ExpBackward0 was already freed by an earlier backward(). Call backward(retain_graph: true)", e.Message);
        var x2 = ones(3).requires_grad_();
        var loss2 = (x2.exp() * 2).sum();
        loss2.backward(retain_graph: true);
        loss2.backward();
        Assert.Equal(4 * Math.E, x2.grad!.data<float>()[0], 5);
    }

    [Fact]
    public void Backward_twice_through_nodes_that_kept_no_tensor_adds_the_gradient_again_as_in_PyTorch()
    {
        // Sums, views, sums of tensors and products by a number keep shapes and numbers only: PyTorch lets a second
        // backward through them and adds the same gradient again.
        var x = tensor(new float[] { 1, 2, 3 }).requires_grad_();
        var w = tensor(new float[] { 4, 5, 6 }).requires_grad_();
        var loss = ((x + w) * 3 - x).reshape(3, 1).T.sum();
        loss.backward();
        loss.backward();
        Assert.Equal(new float[] { 4, 4, 4 }, x.grad!.data<float>().ToArray());
        Assert.Equal(new float[] { 6, 6, 6 }, w.grad!.data<float>().ToArray());
    }

    [Fact]
    public void In_place_change_of_a_saved_tensor_is_detected()
    {
        var w = ones(3).requires_grad_();
        var x = tensor(new float[] { 1, 2, 3 });
        var loss = (w * x).sum();
        x.mul_(2);
        var e = Assert.Throws<InvalidOperationException>(() => loss.backward());
        Assert.StartsWith("backward: MulBackward0 needs a tensor of shape (3) that an in-place operation changed after the forward (it is at version 1, it was saved at version 0).", e.Message);
    }

    [Fact]
    public void In_place_change_of_a_leaf_that_requires_grad_is_refused_outside_no_grad()
    {
        var w = ones(3).requires_grad_();
        var e = Assert.Throws<InvalidOperationException>(() => w.add_(1));
        Assert.StartsWith("add_: this tensor (3) requires grad, and an in-place change would make its gradient wrong.", e.Message);
    }

    [Fact]
    public void Backward_on_a_tensor_outside_any_graph_explains_why()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ones(1).backward());
        Assert.StartsWith("backward: this tensor (1) does not require grad and has no grad_fn", e.Message);
        Assert.Throws<InvalidOperationException>(() => arange(3).requires_grad_());
    }

    [Fact]
    public void Weight_gradient_is_accumulated_into_the_existing_buffer()
    {
        // The second backward adds xᵀ·dY into the same grad tensor (GEMM with β = 1), not a new one.
        var w = randn(4, 3, generator: new Generator(1)).requires_grad_();
        var x = randn(5, 4, generator: new Generator(2));
        x.matmul(w).sum().backward();
        var buffer = w.grad!;
        var first = buffer.data<float>().ToArray();
        x.matmul(w).sum().backward();
        Assert.Same(buffer, w.grad);
        Assert.Equal(first.Select(v => 2 * v), w.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Grad_check_fails_on_a_deliberately_wrong_backward()
    {
        var x = tensor(new[] { 0.3, -1.2, 2.0 }).requires_grad_();
        var report = GradCheck.Function(v => WrongSquare.apply(v[0]), [x]);
        Assert.False(report.Passed);
        var entry = Assert.Single(report.Entries);
        Assert.Equal([2L], entry.WorstIndex);         // 2x vs 3x is worst where |x| is largest
        Assert.Equal(6.0, entry.Analytical, 9);
        Assert.Equal(4.0, entry.Numerical, 6);
        Assert.Contains("FAILED: analytical 6, numerical 4", report.ToString());
        Assert.Throws<GradCheckException>(() => GradCheck.Function(v => WrongSquare.apply(v[0]), [x], GradCheckOptions.Default with { Throw = true }));
    }

    [Fact]
    public void Grad_check_needs_float64()
    {
        var e = Assert.Throws<ArgumentException>(() => GradCheck.Function(v => v[0] * 2, [ones(2).requires_grad_()]));
        Assert.StartsWith("GradCheck: input 0 is Float32; gradient checks need Float64", e.Message);
    }

    [Fact]
    public void Directional_check_passes_for_a_large_layer_and_fails_for_a_wrong_one()
    {
        var g = new Generator(4);
        var x = randn([64, 300], float64, g);
        var w = randn([300, 200], float64, g).mul(0.05).requires_grad_();
        var ok = GradCheck.Directional(v => v[0].matmul(v[1]).tanh(), [x, w]);
        Assert.True(ok.Passed, ok.ToString());
        var bad = GradCheck.Directional(v => WrongSquare.apply(v[1]), [x, w]);
        Assert.False(bad.Passed);
    }

    /// <summary>x² with a backward that is deliberately wrong (3x instead of 2x).</summary>
    sealed class WrongSquare : autograd.SingleTensorFunction<WrongSquare>
    {
        public override string Name => "WrongSquare";
        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            ctx.save_for_backward(x);
            return x * x;
        }
        public override List<Tensor?> backward(autograd.AutogradContext ctx, Tensor grad_output) =>
            [grad_output * ctx.get_saved_variables()[0] * 3];
    }
}
