using Edu.Sdk.Layers;

namespace Edu.Sdk.Tests.Layers;

/// <summary>
/// The generated layers' fused softmax cross-entropy kernels against values computed here in double, and what a
/// NaN or an infinite logit does: a NaN makes its row's probabilities and the loss NaN, whatever its place in the row.
/// </summary>
public class LossKernelTests
{
    static readonly float[] Logits = [1f, -2f, 0.5f, 3f, 0f, 0f, 10f, -10f, 2f];   // 3 rows of 3 classes
    static readonly long[] Labels = [2, 0, 1];

    static double ExpectedLoss(float[] z, long[] labels, int c)
    {
        double total = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            var row = z.Skip(i * c).Take(c).Select(v => (double)v).ToArray();
            double lse = Math.Log(row.Sum(Math.Exp));
            total += lse - row[labels[i]];
        }
        return total / labels.Length;
    }

    [Fact]
    public void Label_cross_entropy_is_the_mean_negative_log_softmax_at_the_labels()
    {
        var p = new float[9];
        double loss = CrossEntropyKernel.Forward("cross_entropy", Logits, Labels, p, 3, 3);

        Assert.Equal(ExpectedLoss(Logits, Labels, 3), loss, 5);
        for (int i = 0; i < 3; i++)
        {
            var row = Logits.Skip(i * 3).Take(3).Select(v => Math.Exp(v)).ToArray();
            for (int k = 0; k < 3; k++) Assert.Equal(row[k] / row.Sum(), p[i * 3 + k], 5);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(20, 10)]
    [InlineData(37, 16)]
    [InlineData(5, 9)]
    [InlineData(0, 10)]
    public void Short_float_rows_softmax_matches_double_for_every_width(int rows, int c)
    {
        // Rows of at most 16 floats take one register each (ShortRows); wider rows and doubles take the loops.
        var rng = new Random(rows * 17 + c);
        var z = Enumerable.Range(0, rows * c).Select(_ => (float)(rng.NextDouble() * 40 - 20)).ToArray();
        var (p, max, logSum) = (new float[rows * c], new float[rows], new float[rows]);
        Kernels.SoftmaxRows<float>(z, p, max, logSum, rows, c);

        for (int i = 0; i < rows; i++)
        {
            var row = z.Skip(i * c).Take(c).Select(v => (double)v).ToArray();
            Assert.Equal(row.Max(), max[i]);
            double sum = row.Sum(v => Math.Exp(v - row.Max()));
            Assert.Equal(Math.Log(sum), logSum[i], 5);
            for (int k = 0; k < c; k++)
                Assert.True(Math.Abs(Math.Exp(row[k] - row.Max()) / sum - p[i * c + k]) <= 1e-6, $"row {i}, class {k}: {p[i * c + k]}");
        }
    }

    [Theory]
    [InlineData(10f, 0f)]
    [InlineData(20f, 10f)]
    [InlineData(1000f, 990f)]
    [InlineData(1000f, 980f)]
    public void A_confident_row_keeps_the_small_loss_to_float_precision(float top, float other)
    {
        // The loss is log(1 + e^(other − top)): about 4.5e-5 for a gap of 10, 2e-9 for 20. In float it is good to about
        // an ulp of the row's sum Σ exp(z − max) ≥ 1 (1.2e-7), as PyTorch's is, whatever the logits' size. Formed as
        // lse = max + log Σ exp in float, the log term is rounded to an ulp of the max instead (34 % off at 1000 vs 990).
        float[] z = [top, other];
        double expected = Math.Log(1 + Math.Exp(other - top));
        var t = new float[] { 1f, 0f };

        double byLabel = CrossEntropyKernel.Forward("cross_entropy", z, [0], new float[2], 1, 2);
        double byProbability = Kernels.SoftmaxCrossEntropy<float>(z, t, new float[2], 1, 2);

        Assert.True(Math.Abs(byLabel - expected) <= 2.5e-7, $"label form: {byLabel:R}, expected {expected:R}");
        Assert.True(Math.Abs(byProbability - expected) <= 2.5e-7, $"probability form: {byProbability:R}, expected {expected:R}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(Kernels.MaxStackRows)]
    [InlineData(Kernels.MaxStackRows + 89)]
    public void Batches_of_any_size_match_the_double_reference(int rows)
    {
        var rng = new Random(rows);
        var z = Enumerable.Range(0, rows * 10).Select(_ => (float)(rng.NextDouble() * 20 - 10)).ToArray();
        var labels = Enumerable.Range(0, rows).Select(_ => (long)rng.Next(10)).ToArray();
        var t = new float[rows * 10];
        for (int i = 0; i < rows; i++) t[i * 10 + labels[i]] = 1f;

        double byLabel = CrossEntropyKernel.Forward("cross_entropy", z, labels, new float[rows * 10], rows, 10);
        double byProbability = Kernels.SoftmaxCrossEntropy<float>(z, t, new float[rows * 10], rows, 10);

        double expected = ExpectedLoss(z, labels, 10);
        Assert.Equal(expected, byLabel, 1e-5 * Math.Max(1, Math.Abs(expected)));
        Assert.Equal(expected, byProbability, 1e-5 * Math.Max(1, Math.Abs(expected)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_nan_logit_anywhere_in_a_row_makes_that_row_and_the_loss_nan(int column)
    {
        var z = (float[])Logits.Clone();
        z[3 + column] = float.NaN;
        var p = new float[9];
        var t = new float[9];
        for (int i = 0; i < 3; i++) t[i * 3 + Labels[i]] = 1f;
        var q = new float[9];

        double byLabel = CrossEntropyKernel.Forward("cross_entropy", z, Labels, p, 3, 3);
        double byProbability = Kernels.SoftmaxCrossEntropy<float>(z, t, q, 3, 3);

        Assert.True(double.IsNaN(byLabel));
        Assert.True(double.IsNaN(byProbability));
        Assert.All(p.Skip(3).Take(3).Concat(q.Skip(3).Take(3)), v => Assert.True(float.IsNaN(v)));
        Assert.All(p.Take(3).Concat(p.Skip(6)).Concat(q.Take(3)).Concat(q.Skip(6)), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void A_row_of_minus_infinity_but_one_logit_puts_all_its_probability_there()
    {
        float[] z = [float.NegativeInfinity, 0.5f, float.NegativeInfinity];
        var p = new float[3];

        double loss = CrossEntropyKernel.Forward("cross_entropy", z, [1], p, 1, 3);

        Assert.Equal(0.0, loss, 6);
        Assert.Equal([0f, 1f, 0f], p);
    }
}
