using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Autograd;

/// <summary>
/// The tape at batch 1: a weight's gradient xᵀ·dL/dz (or dL/dzᵀ·x for nn.Linear's Wᵀ) into a logically zero grad is
/// kept as its two factors, and plain SGD applies it from them. Checked against softmax regression written out in
/// doubles: p = softmax(z), dL/dz = p − onehot(label), dL/dw = xᵀ·dL/dz, w ← w − lr·dL/dw.
/// </summary>
public class BatchOneFactorTests
{
    const int Inputs = 13, Classes = 5;
    const double Lr = 0.1;

    /// <summary>One SGD step of softmax regression z = x·w + b in doubles; w is inputs×classes.</summary>
    static void ReferenceStep(double[,] w, double[] b, double[] x, long label)
    {
        var z = new double[Classes];
        for (int j = 0; j < Classes; j++)
        {
            z[j] = b[j];
            for (int i = 0; i < Inputs; i++) z[j] += x[i] * w[i, j];
        }
        double max = z.Max(), sum = z.Sum(v => Math.Exp(v - max));
        for (int j = 0; j < Classes; j++)
        {
            double g = Math.Exp(z[j] - max) / sum - (j == label ? 1 : 0);
            b[j] -= Lr * g;
            for (int i = 0; i < Inputs; i++) w[i, j] -= Lr * x[i] * g;
        }
    }

    static (Tensor X, Tensor Label)[] Examples(int count)
    {
        manual_seed(21);
        return Enumerable.Range(0, count).Select(_ => (randn(1, Inputs), randint(0, Classes, [1]))).ToArray();
    }

    static double[,] ToArray2(Tensor t, bool transpose)
    {
        var r = new double[Inputs, Classes];
        for (int i = 0; i < Inputs; i++)
            for (int j = 0; j < Classes; j++) r[i, j] = (transpose ? t[j, i] : t[i, j]).ToDouble();
        return r;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sgd_at_batch_1_on_the_tape_matches_the_regression_in_doubles(bool linear)
    {
        manual_seed(5);
        // x·w + b with w inputs×classes, or nn.Linear (x·Wᵀ + b, W classes×inputs): the two gradient paths of a product.
        var layer = nn.Linear(Inputs, Classes);
        var w = nn.Parameter(randn(Inputs, Classes) * 0.1);
        var b = linear ? layer.bias! : nn.Parameter(zeros(Classes));
        var weight = linear ? layer.weight : w;
        var refW = ToArray2(weight, transpose: linear);
        var refB = Enumerable.Range(0, Classes).Select(j => b[j].ToDouble()).ToArray();
        var opt = optim.SGD([weight, b], lr: Lr);
        bool keptFactors = false;
        foreach (var (x, label) in Examples(12))
        {
            opt.zero_grad();
            var z = linear ? layer.forward(x) : x.matmul(w) + b;
            nn.functional.cross_entropy(z, label).backward();
            keptFactors |= weight.GradAsIs?._outer is { Active: true };
            opt.step();
            ReferenceStep(refW, refB, Enumerable.Range(0, Inputs).Select(i => x[0, i].ToDouble()).ToArray(), (long)label[0].ToDouble());
        }
        // From the second step on (the first backward makes the buffer) the weight gradient is kept as factors.
        Assert.True(keptFactors, "no backward kept the weight gradient as its factors");
        var got = ToArray2(weight, transpose: linear);
        for (int i = 0; i < Inputs; i++)
            for (int j = 0; j < Classes; j++)
                Assert.True(Math.Abs(got[i, j] - refW[i, j]) < 1e-5, $"w[{i},{j}] = {got[i, j]}, reference {refW[i, j]}");
        for (int j = 0; j < Classes; j++) Assert.True(Math.Abs(b[j].ToDouble() - refB[j]) < 1e-5, $"b[{j}]");
    }

    [Fact]
    public void The_kept_gradient_reads_as_the_product_and_a_second_backward_adds_to_it()
    {
        manual_seed(6);
        var w = nn.Parameter(randn(Inputs, Classes));
        var (x1, x2) = (randn(1, Inputs), randn(1, Inputs));
        var (g1, g2) = (randn(1, Classes), randn(1, Classes));
        x1.matmul(w).backward(g1);
        w.ZeroGradDeferred();
        x1.matmul(w).backward(g1);
        Assert.True(w.GradAsIs!._outer is { Active: true });
        x2.matmul(w).backward(g2);
        var expected = x1.T.matmul(g1) + x2.T.matmul(g2);
        Assert.True((w.grad! - expected).abs().max().ToDouble() < 1e-5);
    }

    [Fact]
    public void A_gradient_tensor_assigned_through_grad_is_written_by_the_backward()
    {
        // A reviewer's case: the tensor user code assigns is one it keeps, so no factors are kept in it.
        manual_seed(9);
        var w = nn.Parameter(randn(7, 4));
        var x = randn(1, 7);
        var buf = zeros(7, 4);
        w.grad = buf;
        optim.SGD([w], lr: 0.1).zero_grad();
        x.matmul(w).sum().backward();
        Assert.True((buf - x.T.matmul(ones(1, 4))).abs().max().ToDouble() < 1e-5);
    }
}
