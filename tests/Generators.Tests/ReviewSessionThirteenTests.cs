using System.Reflection;
using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

using static Edu.Sdk.Generators.Tests.ReviewLayers;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// What the thirteenth review found in the twelfth session's exact check (LayerWorkspace.EndForward/BeginBackward
/// over the called sub-layers, any one-element dL/dy, Parameter.SharedByLayers). Each test asserts the behaviour a
/// student needs and fails on the code it was written against.
/// </summary>
public class ReviewSessionThirteenTests
{
    static IGeneratedLayer Make(Assembly assembly, string name, params object[] args) =>
        (IGeneratedLayer)Activator.CreateInstance(assembly.GetType("T." + name)!, args)!;

    static ILayer SubLayer(object layer, string field) =>
        (ILayer)layer.GetType().GetField(field, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!.GetValue(layer)!;

    static double[][] Grads(IGeneratedLayer layer) =>
        layer.parameters().Select(p => p.grad?.data<double>().ToArray() ?? new double[p.numel()]).ToArray();

    /// <summary>One training step of <paramref name="layer"/> on x with dL/dy = 1, from zeroed gradients; the gradients it gives.</summary>
    static double[][] Step(IGeneratedLayer layer, Tensor x)
    {
        layer.zero_grad();
        var y = layer.Forward([x]);
        layer.Backward(ones_like(y), inputGradients: false);
        return Grads(layer);
    }

    /// <summary>
    /// A frozen feature extractor (or a distillation teacher) whose output the model detaches:
    /// <c>var f = feat.Model(x).detach();</c>. The generated backward never calls feat's backward (nothing goes back
    /// through a detach), so feat in evaluation mode (<c>feat.eval()</c>, the usual way to freeze a PyTorch backbone
    /// or teacher) takes nothing from this backward. EndForward still records feat (CalledSubLayers lists every
    /// LayerCall receiver) and BeginBackward refuses: "its sub-layer Sub was in evaluation mode during the forward".
    /// </summary>
    [Fact]
    public void A_detached_sub_layer_in_evaluation_mode_does_not_stop_the_backward()
    {
        var source = Harness.Usings + """
            namespace T;
            [Layer] public partial class Student
            {
                Parameter w; public Sub feat;
                public Student() { w = nn.Parameter(randn(3, 3, float64)); feat = new Sub(); }
                [Differentiable] public Tensor Model(Tensor x) { var f = feat.Model(x).detach(); return tanh(f.matmul(w)); }
            }
            """ + Sub;
        var assembly = Harness.Load(source);
        manual_seed(1);
        var layer = Make(assembly, "Student");
        var x = randn(4, 3, float64);
        var expected = Step(layer, x);
        SubLayer(layer, "feat").eval();   // frozen: its parameters get no gradient anyway
        Assert.Equal(expected, Step(layer, x));
    }

    /// <summary>
    /// A two-head (multi-task) model: <c>if (task == 0) y = headA.Model(h); else y = headB.Model(h);</c>. Training task
    /// 0 with headB switched to eval(): headB does not run in this forward and its backward is never called, but
    /// EndForward records every sub-layer the method calls anywhere, in either arm, with its mode, and BeginBackward
    /// refuses "its sub-layer Sub was in evaluation mode during the forward". (The same refusal comes for an arm's
    /// sub-layer that ran forward on its own in between, or one object held by the fields of both arms.)
    /// </summary>
    [Fact]
    public void A_sub_layer_in_evaluation_mode_on_the_arm_not_taken_does_not_stop_the_backward()
    {
        var source = Harness.Usings + """
            namespace T;
            [Layer] public partial class TwoHeads
            {
                Parameter w; public Sub headA, headB; public int task = 0;
                public TwoHeads() { w = nn.Parameter(randn(3, 3, float64)); headA = new Sub(); headB = new Sub(); }
                [Differentiable] public Tensor Model(Tensor x)
                {
                    var h = tanh(x.matmul(w));
                    Tensor y = h;
                    if (task == 0) y = headA.Model(h);
                    else y = headB.Model(h);
                    return y;
                }
            }
            """ + Sub;
        var assembly = Harness.Load(source);
        manual_seed(1);
        var layer = Make(assembly, "TwoHeads");
        var x = randn(4, 3, float64);
        var expected = Step(layer, x);
        SubLayer(layer, "headB").eval();
        Assert.Equal(expected, Step(layer, x));
    }

    /// <summary>
    /// One sub-layer object used by the model directly and also given to another of its sub-layers ("apply the same
    /// block twice": <c>a = new Sub(); b = new Wrap(a);</c>, <c>Model(x) =&gt; b.Model(a.Model(x.matmul(w)))</c>). The
    /// model's own record is [a, b], two objects; Wrap's is [a] at the count after the second run. Going back, b's
    /// backward runs a's backward on a's (second) values, rightly, and then the model runs a's backward again for the
    /// direct use: a still holds the second run's values, and dL/dw is silently wrong (no check compares a record with
    /// the records of the sub-layers' own sub-layers). Called the other way round (b first) it is refused, as the docs say.
    /// </summary>
    [Fact]
    public void A_sub_layer_used_directly_and_inside_another_sub_layer_is_refused_or_right()
    {
        var source = Harness.Usings + """
            namespace T;
            [Layer] public partial class Twice
            {
                Parameter w; Sub a; Wrap b;
                public Twice() { w = nn.Parameter(randn(3, 3, float64)); a = new Sub(); b = new Wrap(a); }
                public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
                [Differentiable] public Tensor Model(Tensor x) => b.Model(a.Model(x.matmul(w)));
            }
            [Layer] public partial class Wrap { Parameter u; Sub s; public Wrap(Sub s) { this.s = s; u = nn.Parameter(randn(3, 3, float64)); } [Differentiable] public Tensor Model(Tensor x) => s.Model(x.matmul(u)); }
            """ + Sub;
        var assembly = Harness.Load(source);
        manual_seed(3);
        var layer = Make(assembly, "Twice");
        // Generated backward against the tape (the student's method with ordinary ops).
        var e = Record.Exception(() => LayerRunner.Check(layer, 3, 5, gradCheck: false));
        if (e is InvalidOperationException) return;
        Assert.Null(e);
    }

    /// <summary>
    /// The commonest slip after a validation pass: <c>model.eval()</c> and no <c>model.train()</c> before the next
    /// steps (Trainer.Fit also leaves the model in evaluation mode). The forward then runs Model and keeps nothing, and
    /// the backward reads the values of the last training forward (another batch of the same size) and adds their
    /// gradient, with no error: BeginBackward refuses a sub-layer that was in evaluation mode, but not the layer itself.
    /// (In PyTorch eval() changes dropout and batch norm only; the gradient stays right.)
    /// </summary>
    [Fact]
    public void A_backward_after_an_evaluation_mode_forward_is_refused()
    {
        var source = Harness.Usings + """
            namespace T;
            [Layer] public partial class Lin { Parameter w, b; public Lin() { w = nn.Parameter(randn(3, 2, float64)); b = nn.Parameter(randn(2, float64)); }
              [Differentiable] public Tensor Model(Tensor x) => tanh(x.matmul(w) + b); }
            """;
        var assembly = Harness.Load(source);
        manual_seed(2);
        var layer = Make(assembly, "Lin");
        Step(layer, randn(4, 3, float64));   // a training step
        layer.eval();                         // validation ...
        layer.Forward([randn(4, 3, float64)]);
        // ... and train() forgotten: the next step's forward keeps nothing.
        var x = randn(4, 3, float64);
        layer.zero_grad();
        var y = layer.Forward([x]);
        var e = Record.Exception(() => layer.Backward(ones_like(y), inputGradients: false));
        Assert.IsType<InvalidOperationException>(e);
    }

    /// <summary>
    /// BeginBackward now takes any one-element dL/dy for a one-element result, and Trainer.Fit seeds a loss layer's
    /// backward with a 0-d one; the generated backward copes only when the result comes from a reduction. A squared
    /// error written as a product, <c>d.T.matmul(d) * (1.0 / 8)</c> (a (1, 1) result, as in the normal-equations
    /// notation), passes the check and then fails inside a kernel: "dL_dd_part1: generated layers multiply 2-d
    /// tensors ... got (8x1) and (scalar)ᵀ; reshape the input first", naming a generated buffer. The same for a
    /// model with one output at batch 1 given dL/dy of shape () or (1) ("dL_dx_w_plus_b: the gradient has shape ...").
    /// </summary>
    [Theory]
    [InlineData("var d = y - t; return d.T.matmul(d) * (1.0 / 8);")]
    // (d * d).mean(0) over an (n, 1) output is (1): found by the twelfth review (the exact shape check refused Fit's seed).
    [InlineData("var d = y - t; return (d * d).mean(0);")]
    public void Trainer_Fit_trains_with_a_loss_layer_whose_result_has_one_element(string body)
    {
        var source = Harness.Usings + """
            namespace T;
            [Layer] public partial class Reg { Parameter w, b; public Reg() { w = nn.Parameter(randn(3, 1, float64)); b = nn.Parameter(zeros(1, float64)); }
              [Differentiable] public Tensor Model(Tensor x) => x.matmul(w) + b; }
            [Layer] public partial class Sse { [Differentiable] public Tensor Loss(Tensor y, [NonDifferentiable] Tensor t) { BODY } }
            """.Replace("BODY", body);
        var assembly = Harness.Load(source);
        manual_seed(4);
        var model = Make(assembly, "Reg");
        var loss = Make(assembly, "Sse");
        var x = randn(32, 3, float64);
        var data = new Data.Dataset(x, x.matmul(tensor(new double[,] { { 1 }, { -2 }, { 0.5 } })));
        var history = Training.Trainer.Fit(model, loss, optim.SGD(model.parameters(), lr: 0.1), data, null,
            new Training.FitOptions { Epochs = 2, BatchSize = 8, Shuffle = false, KeepBest = false });
        Assert.False(history.Diverged, history.Divergence?.Message);
    }

    /// <summary>The batch-1 form of the previous test: a model with one output, dL/dy of one element but not the (1, 1) shape.</summary>
    [Fact]
    public void A_one_element_gradient_for_a_one_by_one_output_gives_the_gradient_of_the_full_shape()
    {
        long[] shape = [];
        var source = Harness.Usings + """
            namespace T;
            [Layer] public partial class Reg { Parameter w, b; public Reg() { w = nn.Parameter(randn(3, 1, float64)); b = nn.Parameter(randn(1, float64)); }
              [Differentiable] public Tensor Model(Tensor x) => tanh(x.matmul(w) + b) * 3.0; }
            """;
        var assembly = Harness.Load(source);
        manual_seed(1);
        var layer = Make(assembly, "Reg");
        var x = randn(1, 3, float64);
        layer.zero_grad();
        layer.Forward([x]);
        layer.Backward(full(new long[] { 1, 1 }, 2.0, float64), inputGradients: false);
        var expected = Grads(layer);
        layer.zero_grad();
        layer.Forward([x]);
        layer.Backward(full(shape, 2.0, float64), inputGradients: false);
        Assert.Equal(expected, Grads(layer));
        // A (1) gradient for a (1, 1) output is refused, as the tape refuses it.
        layer.Forward([x]);
        var e = Assert.Throws<ArgumentException>(() => layer.Backward(full(new long[] { 1 }, 2.0, float64), inputGradients: false));
        Assert.Equal("Reg.backward: the gradient has shape (1) but the output has shape (1x1); they must match.", e.Message);
    }

    /// <summary>
    /// KnownTypes.LayerElement accepted an <c>IList&lt;T&gt;</c> field of sub-layers, but the generated parameters(),
    /// named_parameters(), zero_grad(), train() and EndForward pass the field where an <c>IReadOnlyList&lt;ILayer&gt;</c> is
    /// wanted: CS1503 in the generated file, which the student cannot edit. Now the loop over it is EDU1013, which names
    /// the collections that work.
    /// </summary>
    [Fact]
    public void An_IList_field_of_sub_layers_is_EDU1013_not_generated_code_that_does_not_compile()
    {
        var source = "using System.Collections.Generic;\n" + Harness.Usings + """
            namespace T;
            [Layer] public partial class Stack
            {
                Parameter w; IList<Sub> subs = new List<Sub> { new Sub(), new Sub() };
                public Stack() { w = nn.Parameter(randn(3, 3, float64)); }
                public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
                [Differentiable] public Tensor Model(Tensor x) { var h = x.matmul(w); foreach (var s in subs) h = s.Model(h); return h; }
            }
            """ + Sub;
        var r = Harness.Run(source);
        Assert.Empty(r.CompileErrors.Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));
        var d = Assert.Single(r.GeneratorDiagnostics);
        Assert.Equal("EDU1013", d.Id);
        Assert.Contains("IReadOnlyList", d.GetMessage());
    }
}
