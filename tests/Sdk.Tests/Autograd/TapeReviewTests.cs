using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Autograd;

/// <summary>
/// Cases found by a review of the tape, with PyTorch's behaviour computed by hand: in-place changes made through a
/// view, detach() or a Parameter's source are seen by the tensors sharing the storage; an index_select's index is
/// saved with its version; pow and max give PyTorch's gradients at 0 and NaN; transposed views get a value or a
/// clear error.
/// </summary>
public class TapeReviewTests
{
    [Fact]
    public void In_place_change_through_a_view_of_a_saved_tensor_is_detected()
    {
        // Before, the view had its own version count: backward silently gave w.grad = [40, 50, 60].
        var w = tensor(new[] { 1.0, 2.0, 3.0 }).requires_grad_();
        var x = tensor(new[] { 4.0, 5.0, 6.0 });
        var loss = (w * x).sum();
        x.view(3).mul_(10);
        Assert.Throws<InvalidOperationException>(() => loss.backward());
    }

    [Fact]
    public void In_place_change_of_a_parameter_row_under_no_grad_is_detected()
    {
        // loss = Σ w², which saves w; then w[0] *= 10: before, w.grad was [20, 40, 6, 8] instead of an error.
        var w = tensor(new[] { 1.0, 2.0, 3.0, 4.0 }, [2, 2]).requires_grad_();
        var loss = (w * w).sum();
        using (no_grad()) w[0].mul_(10);
        Assert.Throws<InvalidOperationException>(() => loss.backward());
    }

    [Fact]
    public void In_place_change_through_detach_of_a_saved_tensor_is_detected()
    {
        var w = tensor(new[] { 1.0, 2.0 }).requires_grad_();
        var h = w.exp();
        var loss = h.sum();
        h.detach().zero_();
        Assert.Throws<InvalidOperationException>(() => loss.backward());
    }

    [Fact]
    public void A_change_to_the_tensor_a_parameter_was_made_from_is_a_change_of_the_parameter()
    {
        var data = tensor(new[] { 1.0, 2.0 });
        var w = nn.Parameter(data);
        var loss = (w * w).sum();
        data.mul_(3);
        Assert.Throws<InvalidOperationException>(() => loss.backward());
    }

    [Fact]
    public void Views_made_after_a_change_start_from_the_current_version_and_backward_still_works()
    {
        // The shared count starts at the tensor's own: a view made later, and no change since, is no error.
        var x = tensor(new[] { 4.0, 5.0, 6.0 });
        x.mul_(2);
        var w = tensor(new[] { 1.0, 2.0, 3.0 }).requires_grad_();
        var loss = (w * x.view(3)).sum();
        loss.backward();
        Assert.Equal(new[] { 8.0, 10.0, 12.0 }, w.grad!.data<double>().ToArray());
    }

    [Fact]
    public void In_place_change_of_an_index_select_index_is_detected()
    {
        // The forward picked w[0]; the index then overwritten sent the gradient to w[2].
        var w = tensor(new[] { 1.0, 2.0, 3.0 }).requires_grad_();
        var idx = tensor(new long[] { 0 });
        var loss = w.index_select(0, idx).sum();
        idx.fill_(2);
        Assert.Throws<InvalidOperationException>(() => loss.backward());
    }

    [Fact]
    public void Pow_with_a_tensor_exponent_has_a_finite_exponent_gradient_at_zero_base()
    {
        // y = x^p: dy/dp = x^p ln x → 0 at x = 0, p > 0 (PyTorch masks it); 0 · ln 0 was NaN. dy/dx = p x^(p−1).
        var x = tensor(new[] { 0.0, 1.0 }).requires_grad_();
        var p = tensor(new[] { 2.0, 2.0 }).requires_grad_();
        x.pow(p).sum().backward();
        Assert.Equal(new[] { 0.0, 2.0 }, x.grad!.data<double>().ToArray());
        Assert.Equal(new[] { 0.0, 0.0 }, p.grad!.data<double>().ToArray());
    }

    [Fact]
    public void Pow_with_a_zero_tensor_exponent_has_zero_gradient_at_zero_base()
    {
        // y = x^0 = 1: dy/dx = 0 everywhere, as pow(0.0) gives; 0 · 0^-1 was NaN.
        var x = tensor(new[] { 0.0, 1.0 }).requires_grad_();
        x.pow(zeros(2, ScalarType.Float64)).sum().backward();
        Assert.Equal(new[] { 0.0, 0.0 }, x.grad!.data<double>().ToArray());
    }

    [Fact]
    public void Max_of_all_elements_with_a_nan_sends_the_gradient_to_the_nan()
    {
        // PyTorch: the mask is isnan(x) when the max is NaN. NaN == NaN is false, so every element got 0 · ∞ = NaN.
        var x = tensor(new[] { 1.0, double.NaN, 3.0 }).requires_grad_();
        x.max().backward();
        Assert.Equal(new[] { 0.0, 1.0, 0.0 }, x.grad!.data<double>().ToArray());
    }

    [Fact]
    public void Item_of_a_transposed_one_by_one_tensor_returns_its_value()
    {
        var w = tensor(new[] { 5.0 }, [1, 1]);
        Assert.Equal(5.0, w.T.item<double>());
        Assert.Equal(5f, w.T.item<float>());
    }

    [Fact]
    public void Random_fills_of_a_transposed_view_are_refused_as_other_writes_are()
    {
        var w = zeros(2, 3);
        var uniform = Assert.Throws<InvalidOperationException>(() => w.T.uniform_());
        var normal = Assert.Throws<InvalidOperationException>(() => w.T.normal_());
        Assert.Contains("uniform_: cannot write into a transposed view (T)", uniform.Message);
        Assert.Contains("normal_: cannot write into a transposed view (T)", normal.Message);
    }

    [Fact]
    public void Argmax_and_argmin_ties_between_signed_zeros_give_the_first_index_whatever_the_layout()
    {
        // −0.0 == 0.0: the first index wins along any dim; along the last dim +0 ranked above −0.
        var row = tensor(new[] { -0.0, 0.0 });
        var column = tensor(new[] { -0.0, 0.0 }, [2, 1]);
        Assert.Equal(0L, column.argmax(0).item<long>());
        Assert.Equal(0L, row.argmax(0).item<long>());
        Assert.Equal(0L, tensor(new[] { 0.0, -0.0, 1.0 }).argmin(0).item<long>());
        Assert.Equal(2L, tensor(new[] { -1.0, -2.0, 0.0, -0.0 }).argmax(0).item<long>());
    }
}
