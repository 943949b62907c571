using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Nn;

/// <summary>
/// <c>nn.functional.linear</c>'s bias follows PyTorch's rule: any shape that broadcasts to the result's without enlarging
/// it, so that the tape and a generated layer's <c>linear</c> (a broadcast add after the product) accept the same biases.
/// </summary>
public class LinearBiasTests
{
    static readonly Tensor X = tensor(new double[,] { { 1, 2, 3 }, { -1, 0, 2 } });
    static readonly Tensor W = tensor(new double[,] { { 1, 0, 1 }, { 0, 2, -1 } });

    [Fact]
    public void A_row_bias_and_a_bias_per_input_row_are_added_as_broadcasts()
    {
        // x·Wᵀ = [[4, 1], [1, -2]], by hand.
        Assert.Equal([14, 21, 11, 18], nn.functional.linear(X, W, tensor(new double[] { 10, 20 })).data<double>().ToArray());
        Assert.Equal([14, 21, 11, 18], nn.functional.linear(X, W, tensor(new double[,] { { 10, 20 } })).data<double>().ToArray());
        Assert.Equal([5, 3, 4, 2], nn.functional.linear(X, W, tensor(new double[,] { { 1, 2 }, { 3, 4 } })).data<double>().ToArray());
    }

    [Fact]
    public void The_row_bias_gets_the_summed_gradient()
    {
        var b = tensor(new double[,] { { 0, 0 } }).requires_grad_();
        nn.functional.linear(X, W, b).sum().backward();
        Assert.Equal([1, 2], b.grad!.shape);
        Assert.Equal([2, 2], b.grad.data<double>().ToArray());
    }

    [Theory]
    [InlineData(new long[] { 3 }, "linear: the bias has shape (3) but the result has shape (2x2): the weight (2x3) has 2 outputs, so the bias should have shape (2).")]
    [InlineData(new long[] { 3, 2 }, "linear: the bias has shape (3x2) but the result has shape (2x2)")]
    [InlineData(new long[] { 2, 2, 2 }, "linear: the bias has shape (2x2x2) but the result has shape (2x2)")]
    public void A_bias_that_does_not_fit_the_result_names_both_shapes(long[] biasShape, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => nn.functional.linear(X, W, zeros(biasShape, float64)));
        Assert.StartsWith(message, e.Message);
    }
}
