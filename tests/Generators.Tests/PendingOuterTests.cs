using Edu.Sdk.Layers;
using static Edu.Sdk.torch;
using static Edu.Sdk.Generators.Tests.CourseLayers;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// A generated backward at batch 1 keeps a weight's gradient xᵀ·dL/dy as its two factors until something reads it,
/// and plain SGD applies it from the factors. Whatever reads the gradient (the property, clipping, another backward,
/// an optimizer that needs its values) must see exactly the gradient the tape computes, and every optimizer must
/// end with the tape's weights.
/// </summary>
public class PendingOuterTests
{
    const int Inputs = 37, Classes = 10;

    /// <summary>The generated model and a tape copy of its parameters (same values, separate tensors).</summary>
    static (IGeneratedLayer Model, Nn.Parameter W, Nn.Parameter B) Pair(long seed, ScalarType dtype = ScalarType.Float32)
    {
        manual_seed(seed);
        var model = New("Linear", Inputs, Classes, dtype);
        var p = model.parameters();
        return (model, nn.Parameter(p[0].detach().clone()), nn.Parameter(p[1].detach().clone()));
    }

    static void TapeBackward(Tensor w, Tensor b, Tensor x, Tensor labels) =>
        nn.functional.cross_entropy(x.matmul(w) + b, labels).backward();

    /// <summary>One example per step, drawn from a fixed stream.</summary>
    static (Tensor X, Tensor Labels)[] Examples(int count, ScalarType dtype = ScalarType.Float32)
    {
        manual_seed(1234);
        return Enumerable.Range(0, count).Select(_ => (randn([1, Inputs], dtype), randint(0, Classes, [1]))).ToArray();
    }

    [Theory]
    [InlineData(ScalarType.Float32, 1e-6)]
    [InlineData(ScalarType.Float64, 1e-13)]
    public void The_gradient_reads_as_the_tapes_after_each_backward(ScalarType dtype, double tolerance)
    {
        var (model, w, b) = Pair(1, dtype);
        var loss = New("Loss");
        foreach (var (x, labels) in Examples(3, dtype))
        {
            foreach (var p in model.parameters()) p.grad?.zero_();
            w.grad = null;
            b.grad = null;
            Step(model, loss, x, labels);
            TapeBackward(w, b, x, labels);
            AssertClose(w.grad!, model.parameters()[0].grad!, tolerance, "dL/dw");
            AssertClose(b.grad!, model.parameters()[1].grad!, tolerance, "dL/db");
        }
    }

    [Fact]
    public void The_weight_gradient_is_kept_as_factors_until_read()
    {
        var (model, _, _) = Pair(2);
        var loss = New("Loss");
        var w = model.parameters()[0];
        var (x, labels) = Examples(1)[0];
        Step(model, loss, x, labels);
        var g = w.GradAsIs!;
        // The buffer is made, but the m·n values are not written: only the factors are kept.
        Assert.True(g._outer is { Active: true });
        Assert.NotNull(w.grad);
        Assert.False(g._outer!.Active);
    }

    public static TheoryData<string> Optimizers => new() { "sgd", "sgd-momentum", "sgd-weight-decay", "adam" };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Every_optimizer_ends_with_the_tapes_weights_at_batch_1(string kind)
    {
        var (model, w, b) = Pair(3);
        var loss = New("Loss");
        var opt = Make(kind, model.parameters());
        var tapeOpt = Make(kind, [w, b]);
        foreach (var (x, labels) in Examples(25))
        {
            opt.zero_grad();
            Step(model, loss, x, labels);
            opt.step();
            tapeOpt.zero_grad();
            TapeBackward(w, b, x, labels);
            tapeOpt.step();
        }
        AssertClose(w, model.parameters()[0], 1e-5, $"{kind}: w");
        AssertClose(b, model.parameters()[1], 1e-5, $"{kind}: b");
        // The weights did move, so the comparison says something.
        Assert.True((w - Pair(3).W).abs().max().ToDouble() > 1e-3);
    }

    /// <summary>The model and its tape copy after zero_grad and one batch-1 backward each; plain SGD (lr 0.1) over the model.</summary>
    static (IGeneratedLayer Model, Nn.Parameter W, Nn.Parameter B, Optim.Optimizer Opt) AfterOneBackward(long seed)
    {
        var (model, w, b) = Pair(seed);
        var opt = optim.SGD(model.parameters(), lr: 0.1);
        var (x, labels) = Examples(1)[0];
        opt.zero_grad();
        Step(model, New("Loss"), x, labels);
        TapeBackward(w, b, x, labels);
        return (model, w, b, opt);
    }

    [Fact]
    public void After_a_step_from_the_factors_the_gradient_still_reads_correctly()
    {
        var (model, w, _, opt) = AfterOneBackward(4);
        var before = model.parameters()[0].detach().clone();
        opt.step();
        // p ← p − lr·g was applied, and g is still what the backward computed (as after an ordinary step).
        AssertClose(before - 0.1 * w.grad!, model.parameters()[0], 1e-6, "w after the step");
        AssertClose(w.grad!, model.parameters()[0].grad!, 1e-6, "dL/dw after the step");
    }

    [Fact]
    public void Two_backwards_without_zero_grad_add_up()
    {
        var (model, w, b) = Pair(5);
        var loss = New("Loss");
        var opt = optim.SGD(model.parameters(), lr: 0.1);
        var ex = Examples(2);
        opt.zero_grad();
        foreach (var (x, labels) in ex)
        {
            Step(model, loss, x, labels);
            TapeBackward(w, b, x, labels);
        }
        AssertClose(w.grad!, model.parameters()[0].grad!, 1e-6, "accumulated dL/dw");
        var before = model.parameters()[0].detach().clone();
        opt.step();
        AssertClose(before - 0.1 * w.grad!, model.parameters()[0], 1e-6, "w after the accumulated step");
    }

    [Fact]
    public void Zero_grad_after_a_pending_backward_reads_zeros()
    {
        var (model, _, _, opt) = AfterOneBackward(6);
        opt.zero_grad();
        var before = model.parameters()[0].detach().clone();
        opt.step();
        Assert.Equal(0, model.parameters()[0].grad!.abs().max().ToDouble());
        Assert.Equal(0, (before - model.parameters()[0]).abs().max().ToDouble());
    }

    [Fact]
    public void Clipping_and_changing_the_gradient_in_place_reach_the_step()
    {
        var (model, w, b, opt) = AfterOneBackward(7);
        nn.utils.clip_grad_norm_(model.parameters(), 0.05);
        model.parameters()[0].grad!.mul_(2);
        var before = model.parameters()[0].detach().clone();
        opt.step();
        double norm = Math.Sqrt(w.grad!.pow(2).sum().ToDouble() + b.grad!.pow(2).sum().ToDouble());
        var expected = w.grad! * (0.05 / (norm + 1e-6)) * 2;
        AssertClose(before - 0.1 * expected, model.parameters()[0], 1e-5, "w after clipping and doubling");
    }

    [Fact]
    public void A_gradient_tensor_handed_out_by_grad_is_written_by_later_backwards()
    {
        var (model, _, _) = Pair(8);
        var loss = New("Loss");
        var w = model.parameters()[0];
        var ex = Examples(2);
        Step(model, loss, ex[0].X, ex[0].Labels);
        Assert.True(w.GradAsIs!._outer is { Active: true });
        var held = w.grad!;
        w.ZeroGradDeferred();
        Step(model, loss, ex[1].X, ex[1].Labels);
        // User code may keep the tensor it read: the second backward wrote it instead of keeping factors.
        Assert.False(held._outer!.Active);
        Assert.Same(held, w.GradAsIs);
    }
}
