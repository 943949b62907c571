using System.Reflection;
using Edu.Sdk.Checking;
using Edu.Sdk.Layers;
using Microsoft.CodeAnalysis;
using static Edu.Sdk.torch;

using static Edu.Sdk.Generators.Tests.ReviewLayers;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// What the twelfth review found in the eleventh session's fixes: the forward/backward counting of LayerWorkspace
/// (EndForward/BeginBackward), IGeneratedLayer.ForwardCount on the tape, LayerParameters.Distinct, EDU1039-1041 and
/// linear's broadcast bias. Each test asserts the behaviour a student needs and fails on the code it was written against.
/// </summary>
public class ReviewSessionTwelveTests
{
    static Tensor Call(IGeneratedLayer layer, Tensor x) =>
        (Tensor)layer.GetType().GetMethods().Single(m => m.Name == "call").Invoke(layer, [x])!;

    static readonly string Lin = Layer("Lin", "Parameter w, b;", "w = nn.Parameter(randn(3, 2, float64)); b = nn.Parameter(randn(2, float64));",
        "[Differentiable] public Tensor Model(Tensor x) => tanh(x.matmul(w) + b);");

    /// <summary>
    /// GradCheck.Function over call(): one forward, then one backward per output element (retain_graph). Checking the
    /// same layer twice (or after a Directional check, or after one look at its output in training mode) now throws
    /// "ran forward 2 times before its backwards": the numerical forwards of the first check (or the look) count as
    /// forwards in a row before the second check's backwards.
    /// </summary>
    [Theory]
    [InlineData("twice")]
    [InlineData("directional first")]
    [InlineData("a look first")]
    public void GradCheck_Function_on_call_works_after_other_forwards_of_the_layer(string before)
    {
        var layer = New(Lin, "Lin");
        var x = randn(2, 3, float64).requires_grad_();
        Func<Tensor[], Tensor> f = v => Call(layer, v[0]);
        switch (before)
        {
            case "twice": GradCheck.Function(f, [x]); break;
            case "directional first": GradCheck.Directional(f, [x]); break;
            default: Call(layer, x); break;
        }
        var report = GradCheck.Function(f, [x]);
        Assert.True(report.Passed, report.ToString());
    }

    /// <summary>
    /// Two losses sent back one after the other through one forward (<c>loss1.backward(retain_graph: true);
    /// loss2.backward();</c>, or two <c>backward(dL_dy)</c> calls on the layer: "a backward twice after one forward is
    /// fine") are refused from the second epoch on when the epoch ends with a validation pass under <c>no_grad()</c>
    /// without <c>eval()</c> (a training forward that keeps values, with no backward): the counts then see two forwards
    /// in a row followed by two backwards and call it one layer object used in two places.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Two_losses_through_one_forward_after_a_validation_pass_in_training_mode_are_allowed(bool onTape)
    {
        var layer = New(Lin, "Lin");
        var xVal = randn(5, 3, float64);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var x = randn(4, 3, float64);
            if (onTape)
            {
                var y = Call(layer, x);
                y.pow(2).mean().backward(retain_graph: true);
                y.abs().sum().backward();
            }
            else
            {
                var y = layer.Forward([x]);
                layer.Backward(y * (2.0 / y.numel()), inputGradients: false);
                layer.Backward(ones_like(y), inputGradients: false);
            }
            using (no_grad()) layer.Forward([xVal]);   // validation, training mode left on
        }
    }

    /// <summary>
    /// Weight sharing across depth (one weight for every step of an unrolled network: a sub-layer array whose elements
    /// are built over one Parameter) in a layer with no parameter of its own: parameters() is then
    /// <c>[.. SubLayers.Parameters(cells)]</c> without LayerParameters.Distinct (the emitter adds it only when the layer
    /// has two or more parameter/sub-layer fields), so the shared weight is listed three times and
    /// <c>torch.optim.Adam(model.parameters())</c> throws "parameter 1 is the same tensor as parameter 0".
    /// </summary>
    [Fact]
    public void A_weight_shared_by_the_elements_of_the_only_sub_layer_array_is_listed_once()
    {
        var source = Harness.Usings + """
            namespace T;
            [Layer] public partial class Unrolled
            {
                Cell[] cells;
                public Unrolled() { var w = nn.Parameter(randn(3, 3, float64)); cells = [new Cell(w), new Cell(w), new Cell(w)]; }
                public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
                [Differentiable] public Tensor Model(Tensor x) { var h = x; foreach (var c in cells) h = c.Model(h); return h; }
            }
            [Layer] public partial class Cell { Parameter w; public Cell(Parameter w) { this.w = w; } [Differentiable] public Tensor Model(Tensor h) => tanh(h.matmul(w)); }
            """;
        var layer = New(source, "Unrolled");
        LayerRunner.Check(layer, 3, 5, gradCheck: false);
        Assert.Single(layer.parameters());
        Assert.Equal(["cells.0.w"], layer.named_parameters().Select(p => p.name));
        var opt = torch.optim.Adam(layer.parameters(), lr: 0.01);
        opt.zero_grad();
        layer.Forward(LayerRunner.Inputs(layer.GetType(), 4));
        layer.Backward(ones(4, 3, float64), inputGradients: false);
        opt.step();
    }

    static readonly string Outer = Layer("Outer", "Parameter w; public Sub sub;", "w = nn.Parameter(randn(3, 3, float64)); sub = new Sub();",
        "[Differentiable] public Tensor Model(Tensor x) => sub.Model(x.matmul(w)) * 2.0;");

    static double[][] Grads(IGeneratedLayer layer) => layer.parameters().Select(p => p.grad!.data<double>().ToArray()).ToArray();

    /// <summary>
    /// The counts watch each layer alone. A forward of the sub-layer between the model's forward and its backward (the
    /// model's public sub-layer run on another batch of the same size, in training mode, to look at its features) makes
    /// the model's backward read the sub-layer's newer values: the sub-layer saw two forwards and one backward, which
    /// BeginBackward lets through, and the model's own count (what a tape node checks) did not move. dL/dw is
    /// silently wrong; it should be refused (as a stale tape node is) or right.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_sub_layer_forward_between_the_models_forward_and_backward_is_refused_or_harmless(bool onTape)
    {
        var layer = New(Outer, "Outer");
        var sub = (IGeneratedLayer)layer.GetType().GetField("sub")!.GetValue(layer)!;
        var x = randn(4, 3, float64);
        var other = randn(4, 3, float64);
        layer.zero_grad();
        layer.Forward([x]);
        layer.Backward(ones(4, 3, float64), inputGradients: false);
        var expected = Grads(layer);

        layer.zero_grad();
        var e = Record.Exception(() =>
        {
            if (onTape)
            {
                var y = Call(layer, x);
                sub.Forward([other]);
                y.sum().backward();
            }
            else
            {
                layer.Forward([x]);
                sub.Forward([other]);
                layer.Backward(ones(4, 3, float64), inputGradients: false);
            }
        });
        if (e is InvalidOperationException) return;
        Assert.Null(e);
        Assert.Equal(expected, Grads(layer));
    }

    /// <summary>
    /// A sub-layer switched to eval() while its model trains (a student "freezing" it, as with a PyTorch submodule): the
    /// model's training forward gets the sub-layer's evaluation forward, which keeps nothing and ends no forward, and the
    /// model's backward then calls the sub-layer's backward, which reads the previous step's values and dL/dw is wrong
    /// with no error. BeginBackward lets it through: one forward, one backward, same shapes.
    /// </summary>
    [Fact]
    public void A_sub_layer_in_eval_mode_inside_a_training_model_does_not_give_a_stale_gradient()
    {
        var layer = New(Outer, "Outer");
        var sub = (IGeneratedLayer)layer.GetType().GetField("sub")!.GetValue(layer)!;
        var x = randn(4, 3, float64);
        layer.zero_grad();
        layer.Forward([x]);
        layer.Backward(ones(4, 3, float64), inputGradients: false);
        var expected = Grads(layer);

        layer.Forward([randn(4, 3, float64)]);   // a step on another batch
        layer.Backward(ones(4, 3, float64), inputGradients: false);
        sub.eval();
        layer.zero_grad();
        var e = Record.Exception(() =>
        {
            layer.Forward([x]);
            layer.Backward(ones(4, 3, float64), inputGradients: false);
        });
        if (e is InvalidOperationException) return;
        Assert.Null(e);
        Assert.Equal(expected, Grads(layer));
    }

    /// <summary>
    /// The same through the tape: a node over the model may go back after an evaluation forward of the model itself
    /// (which keeps nothing), but its sub-layer in evaluation mode during the recorded forward is still refused.
    /// </summary>
    [Fact]
    public void A_sub_layer_in_eval_mode_is_refused_through_the_tape_too()
    {
        var layer = New(Outer, "Outer");
        var sub = (IGeneratedLayer)layer.GetType().GetField("sub")!.GetValue(layer)!;
        sub.eval();
        var y = LayerFunction.Apply(layer, randn(4, 3, float64).requires_grad_());
        var e = Assert.Throws<InvalidOperationException>(() => y.sum().backward());
        Assert.Contains("the latest forward ran in evaluation mode", e.Message);
    }

    /// <summary>
    /// A loss layer's <c>backward()</c> (dL/dy = 1) before any training forward: it builds the ones from the kept
    /// output (<c>_ws.OnesLike("dL_dy", _y)</c>) before BeginBackward can say "run forward (in training mode) first", so
    /// the student gets a NullReferenceException from inside LayerWorkspace.Like instead (the usual slip: loss.eval()
    /// left on, or backward called on a fresh loss object).
    /// </summary>
    [Fact]
    public void A_loss_layers_backward_without_argument_before_a_forward_says_run_forward_first()
    {
        var source = Harness.Usings + """
            namespace T;
            [Layer] public partial class Xent { [Differentiable] public Tensor Loss(Tensor z, [NonDifferentiable] Tensor t) => -(t * log_softmax(z, 1)).sum(1).mean(); }
            """;
        var assembly = Harness.Load(source);
        var loss = Activator.CreateInstance(assembly.GetType("T.Xent")!)!;
        var backward = loss.GetType().GetMethods().Single(m => m.Name == "backward" && m.GetParameters().Length == 0);
        var e = Assert.Throws<TargetInvocationException>(() => backward.Invoke(loss, null)).InnerException!;
        Assert.IsType<InvalidOperationException>(e);
        Assert.Equal("Xent.backward: run forward (in training mode) first; backward reads the values it kept.", e.Message);
    }

    /// <summary>
    /// Tied weights across sub-layers train now (parameters() lists the shared weight once, so optim.SGD accepts the
    /// model), and <c>step_in_backward</c> then steps the shared weight inside the decoder's backward (GradOrStepOf: the
    /// last read of w in Dec), before the encoder's backward reads it for dL/d(its input). The earlier layer's gradient
    /// is taken through the stepped weight: the weights differ from those of backward-then-step, silently (the
    /// generator's "only a parameter nothing reads afterwards is stepped" holds within one layer only).
    /// </summary>
    [Fact]
    public void Step_in_backward_over_a_weight_tied_across_sub_layers_gives_the_weights_of_stepping_after_it()
    {
        var source = Harness.Usings + """
            namespace T;
            [Layer] public partial class Chain
            {
                First first; Enc enc; Dec dec;
                public Chain() { first = new First(); enc = new Enc(); dec = new Dec(enc.W); }
                [Differentiable] public Tensor Model(Tensor x) => dec.Model(enc.Model(first.Model(x)));
            }
            [Layer] public partial class First { Parameter u; public First() { u = nn.Parameter(randn(3, 3, float64)); } [Differentiable] public Tensor Model(Tensor x) => tanh(x.matmul(u)); }
            [Layer] public partial class Enc { public Parameter W; public Enc() { W = nn.Parameter(randn(3, 4, float64)); } [Differentiable] public Tensor Model(Tensor h) => tanh(h.matmul(W)); }
            [Layer] public partial class Dec { Parameter w; public Dec(Parameter w) { this.w = w; } [Differentiable] public Tensor Model(Tensor h) => h.matmul(w.T); }
            """;
        var assembly = Harness.Load(source);
        double[][] Train(bool stepInBackward)
        {
            manual_seed(8);
            var model = (IGeneratedLayer)Activator.CreateInstance(assembly.GetType("T.Chain")!)!;
            var opt = optim.SGD(model.parameters(), lr: 0.5, step_in_backward: stepInBackward);
            manual_seed(9);
            for (int s = 0; s < 3; s++)
            {
                var x = randn(5, 3, float64);
                var r = randn(5, 3, float64);
                opt.zero_grad();
                model.Forward([x]);
                model.Backward(r, inputGradients: false);
                opt.step();
            }
            return model.parameters().Select(p => p.data<double>().ToArray()).ToArray();
        }
        var usual = Train(false);
        var fused = Train(true);
        Assert.Equal(usual.Length, fused.Length);
        for (int i = 0; i < usual.Length; i++)
        {
            double diff = usual[i].Zip(fused[i], (a, b) => Math.Abs(a - b)).Max();
            Assert.True(diff < 1e-9, $"parameter {i} differs by {diff} between step_in_backward and backward-then-step");
        }
    }

    /// <summary>
    /// EDU1041 replaced EDU1004 on the writes of <c>Tensor g; if (flag) g = ...; else g = ...;</c>. Written with tuples
    /// (<c>(g, _) = (relu(h), h)</c>, a form the branch scan supports since TupleBodyTests), the same code still gets
    /// EDU1004 "'g' is read before it holds a tensor" twice, on the writes: FirstUseIsWrite only knows a simple assignment.
    /// </summary>
    [Fact]
    public void A_tensor_declared_empty_and_set_by_tuples_in_both_arms_is_EDU1041()
    {
        var source = FlagLayer.Source("Outer", "var h = x.matmul(w);\nTensor g;\nif (flag) (g, _) = (relu(h), h);\nelse (g, _) = (tanh(h), h);\nreturn g * b;");
        var d = Assert.Single(Harness.Run(source).GeneratorDiagnostics);
        Assert.Equal("EDU1041", d.Id);
        Assert.Equal(source.IndexOf("if (flag)", StringComparison.Ordinal), d.Location.SourceSpan.Start);
    }
}
