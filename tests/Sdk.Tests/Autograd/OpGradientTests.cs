using Edu.Sdk.Checking;
using FsCheck;
using FsCheck.Fluent;
using Edu.Sdk.Tests.Tensors;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Autograd;

/// <summary>Every differentiable op's backward against central differences in float64, over random shapes and values.</summary>
public class OpGradientTests
{
    static readonly GradCheckOptions Throwing = GradCheckOptions.Default with { Throw = true };

    /// <summary>Values in [lo, hi] kept at least <paramref name="gap"/> from zero and from each other's kinks where it matters.</summary>
    static Gen<double[]> Away(int n, double lo = -2, double hi = 2, double gap = 0.05) =>
        Gen.ArrayOf(Gen.Choose(0, 1_000_000).Select(v => lo + (hi - lo) * v / 1_000_000.0).Where(v => Math.Abs(v) > gap), n);

    static Tensor Leaf(double[] v, int[] dims) => ShapeGen.Make(v, dims).requires_grad_();

    static void CheckUnary(Func<Tensor, Tensor> op, double lo = -2, double hi = 2, double gap = 0.05)
    {
        var gen = from dims in ShapeGen.Shape(maxRank: 3, maxSize: 4)
                  from v in Away(Naive.Numel(dims), lo, hi, gap)
                  select (dims, v);
        Prop.ForAll(gen.ToArbitrary(), c => GradCheck.Function(x => op(x[0]), [Leaf(c.v, c.dims)], Throwing))
            .Check(ShapeGen.Quick.WithMaxTest(40));
    }

    static void CheckBinary(Func<Tensor, Tensor, Tensor> op, double lo = -2, double hi = 2, double gap = 0.05)
    {
        var gen = from shapes in ShapeGen.BroadcastPair()
                  from a in Away(Naive.Numel(shapes.A), lo, hi, gap)
                  from b in Away(Naive.Numel(shapes.B), lo, hi, gap)
                  select (shapes, a, b);
        Prop.ForAll(gen.ToArbitrary(), c =>
            GradCheck.Function(x => op(x[0], x[1]), [Leaf(c.a, c.shapes.A), Leaf(c.b, c.shapes.B)], Throwing))
            .Check(ShapeGen.Quick.WithMaxTest(40));
    }

    [Fact] public void Add_with_broadcasting() => CheckBinary((a, b) => a + b);
    [Fact] public void Sub_with_broadcasting() => CheckBinary((a, b) => a - b);
    [Fact] public void Mul_with_broadcasting() => CheckBinary((a, b) => a * b);
    [Fact] public void Div_with_broadcasting() => CheckBinary((a, b) => a / b, gap: 0.3);
    [Fact] public void Pow_of_tensors() => CheckBinary((a, b) => a.pow(b), lo: 0.5, hi: 2);
    [Fact] public void Maximum_away_from_ties() => CheckBinary(maximum);
    [Fact] public void Scalar_arithmetic() => CheckUnary(x => (2.5 - x) * 3 / 1.5 + 1 - (0.5 / x) - x.pow(3) + x.neg(), gap: 0.3);
    [Fact] public void Exp() => CheckUnary(x => x.exp());
    [Fact] public void Log() => CheckUnary(x => x.log(), lo: 0.1, hi: 3);
    [Fact] public void Sqrt() => CheckUnary(x => x.sqrt(), lo: 0.1, hi: 3);
    [Fact] public void Abs_away_from_zero() => CheckUnary(x => x.abs());
    [Fact] public void Relu_away_from_zero() => CheckUnary(x => x.relu());
    [Fact] public void Sigmoid() => CheckUnary(x => x.sigmoid());
    [Fact] public void Tanh() => CheckUnary(x => x.tanh());
    [Fact] public void Clamp_away_from_the_bounds() => CheckUnary(x => x.clamp(-1.05, 1.05).clamp_min(-0.95));
    [Fact] public void Sum_and_mean_over_every_dim() => CheckUnary(x => x.dim() == 0 ? x.sum() : x.sum(-1) * 2 + x.mean(0, keepdim: true).sum() + x.mean());
    [Fact] public void Max_and_min_without_ties() => CheckUnary(x => x.dim() == 0 ? x.max() : x.max(-1).values.sum() + x.min(0, keepdim: true).values.sum() + x.max());
    [Fact] public void Logsumexp() => CheckUnary(x => x.dim() == 0 ? x : x.logsumexp(-1));
    [Fact] public void Softmax() => CheckUnary(x => x.dim() == 0 ? x : x.softmax(-1) * tensor(Enumerable.Range(1, (int)x.size(-1)).Select(i => (double)i).ToArray()));
    [Fact] public void Log_softmax() => CheckUnary(x => x.dim() == 0 ? x : x.log_softmax(0).pow(2));
    [Fact] public void Reshape_flatten_squeeze_unsqueeze() => CheckUnary(x => x.flatten().unsqueeze(0).reshape(-1).squeeze().pow(3));
    [Fact] public void Transpose_and_T() => CheckUnary(x => x.dim() < 2 ? x : x.transpose(0, -1).pow(3) + x.transpose(0, -1).exp());
    [Fact] public void Expand() => CheckUnary(x => x.expand([2, .. x.shape]) * 1.5);
    [Fact] public void Cat_and_stack() => CheckUnary(x => x.dim() == 0 ? x : cat([x, x * 2], 0).sum(0) + stack([x, x.exp()], -1).sum(-1));
    [Fact] public void Narrow_and_indexing() => CheckUnary(x => x.dim() == 0 || x.size(-1) < 2 ? x * 1 : x.narrow(-1, 1, x.size(-1) - 1).exp() + x.narrow(0, 0, 1).sum());
    [Fact] public void Index_select_with_repeats() => CheckUnary(x => x.dim() == 0 ? x : x.index_select(0, tensor(new long[] { 0, 0, x.size(0) - 1 })).pow(2));
    [Fact] public void Where() => CheckBinary((a, b) => where(a.gt(0), a, b) * b);
    [Fact]
    public void To_float32_and_back_is_identity_for_the_gradient()
    {
        // A float32 round trip makes eps = 1e-6 differences pure rounding noise; a linear function allows a large eps.
        var x = tensor(new[] { 0.5, -1.25, 2.0 }).requires_grad_();
        GradCheck.Function(v => v[0].to(float32).to(float64) * 2, [x], Throwing with { Eps = 1e-2 });
    }

    [Fact]
    public void Matmul_in_every_rank_combination()
    {
        var g = new Generator(11);
        Tensor R(params long[] s) => randn(s, float64, g).requires_grad_();
        GradCheck.Function(x => x[0].matmul(x[1]), [R(3), R(3)], Throwing);
        GradCheck.Function(x => x[0].matmul(x[1]), [R(3), R(3, 2)], Throwing);
        GradCheck.Function(x => x[0].matmul(x[1]), [R(2, 3), R(3)], Throwing);
        GradCheck.Function(x => x[0].matmul(x[1]), [R(2, 3), R(3, 4)], Throwing);
        GradCheck.Function(x => x[0].T.matmul(x[1].T), [R(3, 2), R(4, 3)], Throwing);
        GradCheck.Function(x => x[0].matmul(x[1]), [R(2, 2, 3), R(3, 4)], Throwing);
        GradCheck.Function(x => x[0].matmul(x[1]), [R(2, 2, 3), R(2, 3, 4)], Throwing);
        GradCheck.Function(x => x[0].matmul(x[1]), [R(2, 3), R(2, 3, 4)], Throwing);
    }
}
