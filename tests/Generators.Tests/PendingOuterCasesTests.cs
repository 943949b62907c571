using Edu.Sdk.Layers;
using Edu.Sdk.Nn;
using static Edu.Sdk.torch;
using static Edu.Sdk.Generators.Tests.CourseLayers;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// A reviewer's cases for the batch-1 gradient kept as two factors (see <see cref="PendingOuterTests"/>): a gradient
/// buffer taken once and added into twice, views as the input, the layer as a module on the tape, the course's other
/// models with every optimizer, allocations, and a gradient tensor kept by user code across steps.
/// </summary>
public class PendingOuterCasesTests
{
    const int Inputs = 7, Classes = 4;

    [Fact]
    public void Two_AddMatMul_into_one_GradOf_buffer_add_up()
    {
        manual_seed(1);
        var w = nn.Parameter(randn(Inputs, Classes));
        var ws = new LayerWorkspace();
        var (x1, g1, x2, g2) = (randn(1, Inputs), randn(1, Classes), randn(1, Inputs), randn(1, Classes));
        var gw = LayerWorkspace.GradOf(w)!;
        ws.AddMatMul(gw, x1, g1, transposeA: true);   // kept as factors
        ws.AddMatMul(gw, x2, g2, transposeA: true);   // must write them before adding
        AssertClose(x1.T.matmul(g1) + x2.T.matmul(g2), w.grad!, 1e-6, "dL/dw after two products");
    }

    [Fact]
    public void AddMatMul_then_AddTo_into_one_GradOf_buffer_add_up()
    {
        manual_seed(2);
        var w = nn.Parameter(randn(Inputs, Classes));
        var ws = new LayerWorkspace();
        var (x, g, extra) = (randn(1, Inputs), randn(1, Classes), randn(Inputs, Classes));
        var gw = LayerWorkspace.GradOf(w)!;
        ws.AddMatMul(gw, x, g, transposeA: true);
        ws.AddTo(gw, extra);
        AssertClose(x.T.matmul(g) + extra, w.grad!, 1e-6, "dL/dw after a product and a term");
    }

    [Theory]
    [InlineData("transposed")]
    [InlineData("narrow")]
    public void A_view_as_the_batch_of_one_gives_the_tapes_step(string kind)
    {
        manual_seed(3);
        var model = New("Linear", Inputs, Classes, ScalarType.Float32);
        var loss = New("Loss");
        var p = model.parameters();
        var (w, b) = (nn.Parameter(p[0].detach().clone()), nn.Parameter(p[1].detach().clone()));
        var opt = optim.SGD(model.parameters(), lr: 0.1);
        var tapeOpt = optim.SGD([w, b], lr: 0.1);
        var big = randn(5, Inputs);
        var col = randn(Inputs, 1);
        for (int s = 0; s < 4; s++)
        {
            var x = kind == "transposed" ? col.T : big.narrow(0, s, 1);
            var labels = randint(0, Classes, [1]);
            opt.zero_grad();
            Step(model, loss, x, labels);
            opt.step();
            tapeOpt.zero_grad();
            nn.functional.cross_entropy(x.matmul(w) + b, labels).backward();
            tapeOpt.step();
            col.add_(0.1); big.add_(0.1);
        }
        AssertClose(w, model.parameters()[0], 1e-5, $"{kind}: w");
    }

    [Fact]
    public void A_generated_layer_as_a_module_at_batch_1_trains_like_the_tape()
    {
        manual_seed(4);
        var model = New("Linear", Inputs, Classes, ScalarType.Float32);
        var p = model.parameters();
        var (w, b) = (nn.Parameter(p[0].detach().clone()), nn.Parameter(p[1].detach().clone()));
        var module = nn.Layer(model);
        var opt = optim.SGD(module.parameters(), lr: 0.1);
        var tapeOpt = optim.SGD([w, b], lr: 0.1);
        for (int s = 0; s < 5; s++)
        {
            var x = randn(1, Inputs);
            var labels = randint(0, Classes, [1]);
            module.zero_grad();
            nn.functional.cross_entropy(module.forward(x), labels).backward();
            opt.step();
            tapeOpt.zero_grad();
            nn.functional.cross_entropy(x.matmul(w) + b, labels).backward();
            tapeOpt.step();
        }
        AssertClose(w, model.parameters()[0], 1e-5, "w");
        AssertClose(w.grad!, model.parameters()[0].grad!, 1e-5, "dL/dw");
    }

    static Tensor TapeModel(string name, Parameter[] p, Tensor x) => name switch
    {
        "Mlp" => relu(x.matmul(p[0]) + p[1]).matmul(p[2]) + p[3],
        "Tied" => tanh(x.matmul(p[0])).matmul(p[0].T).matmul(p[0]),
        _ => x.matmul(p[0].matmul(p[1])),
    };

    [Theory]
    [InlineData("Mlp", "sgd")] [InlineData("Mlp", "sgd-sib")] [InlineData("Mlp", "sgd-momentum")] [InlineData("Mlp", "adam")]
    [InlineData("Tied", "sgd")] [InlineData("Tied", "sgd-sib")] [InlineData("Tied", "sgd-momentum")] [InlineData("Tied", "adam")]
    [InlineData("Factored", "sgd")] [InlineData("Factored", "sgd-sib")] [InlineData("Factored", "adam")]
    public void Models_at_batch_1_train_like_the_tape(string name, string kind)
    {
        manual_seed(11);
        var model = name == "Mlp" ? New("Mlp", Inputs, 5, Classes) : New(name, Inputs, Classes);
        var loss = New("Loss");
        var tp = model.parameters().Select(q => nn.Parameter(q.detach().clone())).ToArray();
        var opt = Make(kind, model.parameters());
        var tapeOpt = Make(kind == "sgd-sib" ? "sgd" : kind, tp);
        for (int s = 0; s < 10; s++)
        {
            var x = randn(1, Inputs);
            var labels = randint(0, Classes, [1]);
            opt.zero_grad();
            Step(model, loss, x, labels);
            opt.step();
            tapeOpt.zero_grad();
            nn.functional.cross_entropy(TapeModel(name, tp, x), labels).backward();
            tapeOpt.step();
        }
        for (int i = 0; i < tp.Length; i++) AssertClose(tp[i], model.parameters()[i], 1e-5, $"{name}/{kind}: parameter {i}");
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("sgd-momentum")]
    [InlineData("sgd")]
    public void A_steady_step_at_batch_1_allocates_nothing_with(string kind)
    {
        manual_seed(12);
        var model = New("Linear", Inputs, Classes, ScalarType.Float32);
        var opt = Make(kind, model.parameters());
        var step = Loop("Steps", model, randn(1, Inputs), randint(0, Classes, [1]), opt);
        for (int i = 0; i < 20; i++) step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{kind}: 20 steps allocated {allocated} bytes");
    }

    [Fact]
    public void A_kept_gradient_tensor_shows_the_latest_backward()
    {
        manual_seed(13);
        var model = New("Linear", Inputs, Classes, ScalarType.Float32);
        var loss = New("Loss");
        var opt = optim.SGD(model.parameters(), lr: 0.1);
        var w = model.parameters()[0];
        Tensor? kept = null;
        for (int s = 0; s < 2; s++)
        {
            var x = randn(1, Inputs);
            var labels = randint(0, Classes, [1]);
            opt.zero_grad();
            Step(model, loss, x, labels);
            kept ??= w.grad!;             // first step: keep the tensor (handed out: later backwards write it)
            opt.step();
        }
        var direct = kept!.clone();       // read through the kept reference before w.grad is read again
        AssertClose(w.grad!, direct, 1e-6, "kept gradient tensor vs w.grad");
    }
}
