using Edu.Sdk.Checking;
using FsCheck;
using FsCheck.Fluent;
using static Edu.Sdk.torch;
using static Edu.Sdk.torch.nn;

namespace Edu.Sdk.Tests.Nn;

/// <summary>Loss values computed by hand, gradients against central differences, stability and messages.</summary>
public class LossTests
{
    static readonly GradCheckOptions Throwing = GradCheckOptions.Default with { Throw = true };
    static readonly Reduction[] AllReductions = [Reduction.Mean, Reduction.Sum, Reduction.None];

    /// <summary>A reduced loss, or Σ wᵢ ℓᵢ with fixed weights for None, so every row's gradient is checked separately.</summary>
    static Tensor Scalarize(Tensor loss) =>
        loss.dim() == 0 ? loss : (loss * arange(1.0, loss.numel() + 1.0, 1.0, float64).reshape(loss.shape)).sum();

    static Gen<(int N, int C, int Seed)> Cases =>
        from n in Gen.Choose(1, 5)
        from c in Gen.Choose(1, 5)
        from seed in Gen.Choose(0, 10_000)
        select (n, c, seed);

    static Tensor Indices(int n, int c, Generator g) => randint(c, [n], g);

    [Fact]
    public void Cross_entropy_of_a_known_row_is_log_sum_exp_minus_the_target_logit()
    {
        // ℓ = −log softmax(x)₂ = log(e¹ + e² + e³) − 3.
        double expected = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)) - 3;
        var loss = functional.cross_entropy(tensor(new double[,] { { 1, 2, 3 } }), tensor(new long[] { 2 }));
        Assert.Equal(expected, loss.item<double>(), 12);
        // One example without the batch dim, and the same target as a one-hot probability row.
        Assert.Equal(expected, functional.cross_entropy(tensor(new double[] { 1, 2, 3 }), tensor(2L)).item<double>(), 12);
        Assert.Equal(expected, functional.cross_entropy(tensor(new double[,] { { 1, 2, 3 } }), tensor(new double[,] { { 0, 0, 1 } })).item<double>(), 12);
    }

    [Fact]
    public void Cross_entropy_reductions_are_the_row_losses_summed_or_averaged()
    {
        var x = tensor(new double[,] { { 1, 2, 3 }, { 0, 0, 0 } });
        var y = tensor(new long[] { 0, 1 });
        double l0 = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)) - 1, l1 = Math.Log(3);
        var none = functional.cross_entropy(x, y, Reduction.None);
        Assert.Equal([2L], none.shape);
        Assert.Equal(l0, none.data<double>()[0], 12);
        Assert.Equal(l1, none.data<double>()[1], 12);
        Assert.Equal(l0 + l1, functional.cross_entropy(x, y, Reduction.Sum).item<double>(), 12);
        Assert.Equal((l0 + l1) / 2, CrossEntropyLoss().forward(x, y).item<double>(), 12);
    }

    [Fact]
    public void Cross_entropy_is_finite_for_huge_logits()
    {
        foreach (var dtype in new[] { float32, float64 })
        {
            var x = tensor(new double[,] { { 1000, 10000, 100000 } }, dtype).requires_grad_();
            var loss = functional.cross_entropy(x, tensor(new long[] { 0 }));
            Assert.Equal(99000, loss.item<double>(), 1e-6 * 99000);
            Assert.Equal(0, functional.cross_entropy(x, tensor(new long[] { 2 })).item<double>(), 6);
            loss.backward();
            // softmax(x) − onehot(0) = [0, 0, 1] − [1, 0, 0].
            Assert.Equal([-1.0, 0, 1], x.grad!.to(float64).data<double>().ToArray());
        }
    }

    [Fact]
    public void Cross_entropy_matches_log_softmax_then_nll()
    {
        var g = new Generator(3);
        var x = randn([6, 4], float64, g);
        var y = Indices(6, 4, g);
        var fused = functional.cross_entropy(x, y, Reduction.None);
        var composite = functional.nll_loss(functional.log_softmax(x, 1), y, Reduction.None);
        var byHand = -(x.log_softmax(1) * functional.one_hot(y, 4).to(float64)).sum(1);
        Assert.True(fused.allclose(composite, 1e-12, 1e-12));
        Assert.True(fused.allclose(byHand, 1e-12, 1e-12));
    }

    [Fact]
    public void Cross_entropy_gradient_with_class_indices_for_every_reduction()
    {
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var g = new Generator(c.Seed);
            var y = Indices(c.N, c.C, g);
            foreach (var r in AllReductions)
                GradCheck.Function(v => Scalarize(functional.cross_entropy(v[0], y, r)), [randn([c.N, c.C], float64, g).requires_grad_()], Throwing);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(30));
    }

    [Fact]
    public void Cross_entropy_gradient_with_probability_targets_for_every_reduction()
    {
        // Targets need not sum to 1 here, which exercises the p·Σt − t form; their own gradient is checked too.
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var g = new Generator(c.Seed);
            foreach (var r in AllReductions)
                GradCheck.Function(v => Scalarize(functional.cross_entropy(v[0], v[1], r)),
                    [randn([c.N, c.C], float64, g).requires_grad_(), rand([c.N, c.C], float64, g).requires_grad_()], Throwing);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(30));
    }

    [Fact]
    public void Cross_entropy_gradient_of_one_unbatched_example()
    {
        var x = tensor(new[] { 0.3, -1.2, 2.0 }).requires_grad_();
        GradCheck.Function(v => functional.cross_entropy(v[0], tensor(1L)), [x], Throwing);
        GradCheck.Function(v => functional.cross_entropy(v[0], tensor(1L), Reduction.None), [x], Throwing);
    }

    [Fact]
    public void Nll_mse_l1_and_bce_gradients_for_every_reduction()
    {
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var g = new Generator(c.Seed);
            var y = Indices(c.N, c.C, g);
            var target = randn([c.N, c.C], float64, g);
            var probs = rand([c.N, c.C], float64, g);
            foreach (var r in AllReductions)
            {
                GradCheck.Function(v => Scalarize(functional.nll_loss(v[0].log_softmax(1), y, r)), [randn([c.N, c.C], float64, g).requires_grad_()], Throwing);
                GradCheck.Function(v => Scalarize(MSELoss(r).forward(v[0], v[1])), [randn([c.N, c.C], float64, g).requires_grad_(), target.clone().requires_grad_()], Throwing);
                // |x − t| has a kink where x = t: keep the inputs at least 0.1 away from the targets.
                var away = target + (rand([c.N, c.C], float64, g) + 0.1) * (randint(2, [c.N, c.C], g).to(float64) * 2 - 1);
                GradCheck.Function(v => Scalarize(L1Loss(r).forward(v[0], target)), [away.requires_grad_()], Throwing);
                var p = rand([c.N, c.C], float64, g) * 0.8 + 0.1;
                GradCheck.Function(v => Scalarize(BCELoss(r).forward(v[0], v[1])), [p.requires_grad_(), probs.clone().requires_grad_()], Throwing);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }

    [Fact]
    public void Mse_l1_and_bce_known_values()
    {
        var x = tensor(new[] { 1.0, 2.0, 4.0 });
        var t = tensor(new[] { 1.5, 2.0, 1.0 });
        Assert.Equal((0.25 + 0 + 9) / 3, functional.mse_loss(x, t).item<double>(), 12);
        Assert.Equal(9.25, functional.mse_loss(x, t, Reduction.Sum).item<double>(), 12);
        Assert.Equal([0.25, 0, 9], functional.mse_loss(x, t, Reduction.None).data<double>().ToArray());
        Assert.Equal((0.5 + 0 + 3) / 3, functional.l1_loss(x, t).item<double>(), 12);
        var p = tensor(new[] { 0.8, 0.1, 0.0 });
        var y = tensor(new[] { 1.0, 0.0, 1.0 });
        // −log 0.8, −log 0.9, and log 0 clamped at −100.
        Assert.Equal((-Math.Log(0.8) - Math.Log(0.9) + 100) / 3, functional.binary_cross_entropy(p, y).item<double>(), 12);
    }

    [Fact]
    public void Mismatched_batch_sizes_are_named()
    {
        var e = Assert.Throws<ArgumentException>(() => CrossEntropyLoss().forward(zeros(64, 10), zeros([32], int64)));
        Assert.Equal("CrossEntropyLoss: 64 logits rows but 32 targets.", e.Message);
        e = Assert.Throws<ArgumentException>(() => NLLLoss().forward(zeros(64, 10), zeros([32], int64)));
        Assert.Equal("NLLLoss: 64 log-probability rows but 32 targets.", e.Message);
        e = Assert.Throws<ArgumentException>(() => functional.cross_entropy(zeros(64, 10), zeros(32, 10)));
        Assert.Equal("cross_entropy: 64 logits rows but 32 targets.", e.Message);
    }

    [Fact]
    public void Class_index_out_of_range_names_the_index_and_position()
    {
        var e = Assert.Throws<ArgumentException>(() => CrossEntropyLoss().forward(zeros(4, 10), tensor(new long[] { 1, 2, 3, 10 })));
        Assert.Equal("CrossEntropyLoss: row 3 has label 10, which is not a class index in [0, 10) (10 classes); labels are Int64 values from 0 to 9, one per row.", e.Message);
        e = Assert.Throws<ArgumentException>(() => functional.nll_loss(zeros(2, 3), tensor(new long[] { -1, 0 })));
        Assert.Contains("row 0 has label -1", e.Message);
    }

    [Fact]
    public void Wrong_target_dtypes_are_explained()
    {
        var e = Assert.Throws<ArgumentException>(() => CrossEntropyLoss().forward(zeros(4, 3), tensor(new float[] { 0, 1, 2, 0 })));
        Assert.Contains("look like class indices but are Float32; class indices must be Int64 (convert with .to(int64))", e.Message);
        e = Assert.Throws<ArgumentException>(() => CrossEntropyLoss().forward(zeros(4, 3), zeros([4], ScalarType.Bool)));
        Assert.Contains("targets must be Int64 class indices or float probabilities (one-hot rows), got Bool", e.Message);
        e = Assert.Throws<ArgumentException>(() => CrossEntropyLoss().forward(zeros(4, 3), zeros([4, 3], float64)));
        Assert.Contains("the logits are Float32 but the target probabilities are Float64", e.Message);
        e = Assert.Throws<ArgumentException>(() => MSELoss().forward(zeros(4), zeros([4], int64)));
        Assert.Contains("the input is Float32 but the target is Int64; convert the target with .to(Float32)", e.Message);
        e = Assert.Throws<ArgumentException>(() => CrossEntropyLoss().forward(zeros([4, 3], int64), zeros([4], int64)));
        Assert.Contains("must be Float32 or Float64, got Int64", e.Message);
    }

    [Fact]
    public void Regression_targets_of_another_shape_are_refused_instead_of_broadcast()
    {
        var e = Assert.Throws<ArgumentException>(() => MSELoss().forward(zeros(64, 1), zeros(64)));
        Assert.Contains("the input has shape (64x1) but the target has shape (64)", e.Message);
    }

    [Fact]
    public void Bce_gradient_stays_finite_where_a_sigmoid_saturated()
    {
        // float32 sigmoid(±200) is exactly 0 or 1: PyTorch's clamped formulas keep the value and the gradient finite.
        var z = tensor(new[] { -200f, 200f, 0f }).requires_grad_();
        var loss = functional.binary_cross_entropy(z.sigmoid(), tensor(new[] { 1f, 0f, 1f }));
        Assert.Equal((100 + 100 + Math.Log(2)) / 3, loss.item<float>(), 4);
        loss.backward();
        Assert.All(z.grad!.data<float>().ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Bce_refuses_values_outside_0_1()
    {
        var e = Assert.Throws<ArgumentException>(() => BCELoss().forward(tensor(new[] { 1.5f }), tensor(new[] { 1f })));
        Assert.Contains("probabilities in [0, 1]", e.Message);
    }

    [Fact]
    public void Cross_entropy_records_one_node()
    {
        var x = randn(3, 4).requires_grad_();
        var loss = functional.cross_entropy(x, tensor(new long[] { 0, 1, 2 }));
        Assert.Equal("CrossEntropyLossBackward0", loss.grad_fn!.name());
        Assert.Same(x.grad_fn, loss.grad_fn.next_functions[0]);
    }
}
