using System.Reflection;
using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// A generated backward at batch 1 keeps a weight's gradient xᵀ·dL/dy as its two factors until something reads it,
/// and plain SGD applies it from the factors. Whatever reads the gradient (the property, clipping, another backward,
/// an optimizer that needs its values) must see exactly the gradient the tape computes, and every optimizer must
/// end with the tape's weights.
/// </summary>
public class PendingOuterTests
{
    const string Source = """
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Course;

        /// <summary>A2's softmax regression.</summary>
        [Layer]
        public partial class Linear
        {
            Parameter w, b;
            public Linear(int inputs, int classes, ScalarType dtype) { w = nn.Parameter(randn(inputs, classes, dtype) * 0.1); b = nn.Parameter(randn(classes, dtype) * 0.1); }
            [Differentiable]
            public Tensor Model(Tensor x) => x.matmul(w) + b;
        }

        [Layer]
        public partial class Loss
        {
            [Differentiable]
            static Tensor Of(Tensor z, [NonDifferentiable] Tensor labels) => nn.functional.cross_entropy(z, labels);
        }

        public static class Loop
        {
            /// <summary>Plain SGD steps at batch 1, as a delegate made once (no reflection per call).</summary>
            public static System.Action Steps(Linear model, Tensor x, Tensor labels)
            {
                var loss = new Loss();
                var opt = optim.SGD(model.parameters(), lr: 0.01);
                return () =>
                {
                    opt.zero_grad();
                    loss.forward(model.forward(x), labels);
                    model.backward_parameters(loss.backward());
                    opt.step();
                };
            }
        }
        """;

    const int Inputs = 37, Classes = 10;

    static readonly Lazy<Assembly> s_assembly = new(() => Harness.Load(Source));

    static IGeneratedLayer New(string name, params object[] args) =>
        (IGeneratedLayer)Activator.CreateInstance(s_assembly.Value.GetTypes().Single(t => t.Name == name), args)!;

    /// <summary>The generated model and a tape copy of its parameters (same values, separate tensors).</summary>
    static (IGeneratedLayer Model, Nn.Parameter W, Nn.Parameter B) Pair(long seed, ScalarType dtype = ScalarType.Float32)
    {
        manual_seed(seed);
        var model = New("Linear", Inputs, Classes, dtype);
        var p = model.parameters();
        return (model, nn.Parameter(p[0].detach().clone()), nn.Parameter(p[1].detach().clone()));
    }

    static void Backward(IGeneratedLayer model, IGeneratedLayer loss, Tensor x, Tensor labels)
    {
        loss.Forward([model.Forward([x]), labels]);
        model.Backward(loss.Backward(ones(Array.Empty<long>()), inputGradients: true)[0]!, inputGradients: false);
    }

    static void TapeBackward(Tensor w, Tensor b, Tensor x, Tensor labels) =>
        nn.functional.cross_entropy(x.matmul(w) + b, labels).backward();

    /// <summary>One example per step, drawn from a fixed stream.</summary>
    static (Tensor X, Tensor Labels)[] Examples(int count, ScalarType dtype = ScalarType.Float32)
    {
        manual_seed(1234);
        return Enumerable.Range(0, count).Select(_ => (randn([1, Inputs], dtype), randint(0, Classes, [1]))).ToArray();
    }

    static void AssertClose(Tensor expected, Tensor actual, double tolerance, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double scale = Math.Max(1e-3, expected.abs().max().ToDouble());
        double diff = (expected - actual).abs().max().ToDouble();
        Assert.True(diff <= tolerance * scale, $"{what}: differs by {diff} (scale {scale})");
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
            Backward(model, loss, x, labels);
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
        Backward(model, loss, x, labels);
        var g = w.GradAsIs!;
        // The buffer is made, but the m·n values are not written: only the factors are kept.
        Assert.True(g._outer is { Active: true });
        Assert.NotNull(w.grad);
        Assert.False(g._outer!.Active);
    }

    public static TheoryData<string> Optimizers => new() { "sgd", "sgd-momentum", "sgd-weight-decay", "adam" };

    static Optim.Optimizer Make(string kind, IEnumerable<Nn.Parameter> ps) => kind switch
    {
        "sgd" => optim.SGD(ps, lr: 0.1),
        "sgd-momentum" => optim.SGD(ps, lr: 0.1, momentum: 0.9),
        "sgd-weight-decay" => optim.SGD(ps, lr: 0.1, weight_decay: 0.01),
        _ => optim.Adam(ps, lr: 0.01),
    };

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
            Backward(model, loss, x, labels);
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

    [Fact]
    public void After_a_step_from_the_factors_the_gradient_still_reads_correctly()
    {
        var (model, w, b) = Pair(4);
        var loss = New("Loss");
        var opt = optim.SGD(model.parameters(), lr: 0.1);
        var (x, labels) = Examples(1)[0];
        opt.zero_grad();
        Backward(model, loss, x, labels);
        TapeBackward(w, b, x, labels);
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
            Backward(model, loss, x, labels);
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
        var (model, _, _) = Pair(6);
        var loss = New("Loss");
        var opt = optim.SGD(model.parameters(), lr: 0.1);
        var (x, labels) = Examples(1)[0];
        opt.zero_grad();
        Backward(model, loss, x, labels);
        opt.zero_grad();
        var before = model.parameters()[0].detach().clone();
        opt.step();
        Assert.Equal(0, model.parameters()[0].grad!.abs().max().ToDouble());
        Assert.Equal(0, (before - model.parameters()[0]).abs().max().ToDouble());
    }

    [Fact]
    public void Clipping_and_changing_the_gradient_in_place_reach_the_step()
    {
        var (model, w, b) = Pair(7);
        var loss = New("Loss");
        var opt = optim.SGD(model.parameters(), lr: 0.1);
        var (x, labels) = Examples(1)[0];
        opt.zero_grad();
        Backward(model, loss, x, labels);
        TapeBackward(w, b, x, labels);
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
        Backward(model, loss, ex[0].X, ex[0].Labels);
        Assert.True(w.GradAsIs!._outer is { Active: true });
        var held = w.grad!;
        w.ZeroGradDeferred();
        Backward(model, loss, ex[1].X, ex[1].Labels);
        // User code may keep the tensor it read: the second backward wrote it instead of keeping factors.
        Assert.False(held._outer!.Active);
        Assert.Same(held, w.GradAsIs);
    }

    [Fact]
    public void A_steady_step_at_batch_1_allocates_nothing()
    {
        manual_seed(9);
        var model = New("Linear", Inputs, Classes, ScalarType.Float32);
        var steps = s_assembly.Value.GetTypes().Single(t => t.Name == "Loop").GetMethod("Steps")!;
        var step = (Action)steps.Invoke(null, [model, randn(1, Inputs), randint(0, Classes, [1])])!;
        for (int i = 0; i < 20; i++) step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"20 steady-state steps allocated {allocated} bytes");
    }
}
