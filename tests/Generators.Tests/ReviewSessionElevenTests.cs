using System.Reflection;
using Edu.Sdk.Layers;
using Microsoft.CodeAnalysis;
using static Edu.Sdk.torch;

using static Edu.Sdk.Generators.Tests.ReviewLayers;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// What the eleventh review found on less-travelled paths: a sub-layer object held in two fields, an
/// [AutogradReference] model over a manual sub-layer, a parameter shared by two sub-layers, an upstream gradient of
/// the wrong shape, a tape node made stale by a direct forward of another batch size, and a tensor local declared
/// empty and set in both arms of an if. Each test fails on the code it was written against.
/// </summary>
public class ReviewSessionElevenTests
{
    /// <summary>
    /// Two sub-layer fields holding one object (<c>b = a;</c>, a student's way round EDU1025 to share weights), or one
    /// sub-layer given to two others: the second call's forward overwrites what the first kept, and the backward of the
    /// first call read it, a gradient other than the tape's, silently. Now the backward of the layer that holds them
    /// refuses: each generated layer notes its sub-layers' forward counts at the end of its forward.
    /// </summary>
    [Theory]
    [InlineData("Parameter w; Sub a, b;", "w = nn.Parameter(randn(3, 3, float64)); a = new Sub(); b = a;",
        "[Differentiable] public Tensor Model(Tensor x) => b.Model(a.Model(x.matmul(w)));",
        "Shared.backward: one Sub object is used in two places of Shared")]
    [InlineData("Parameter w; Pair p, q;", "w = nn.Parameter(randn(3, 3, float64)); var shared = new Sub(); p = new Pair(shared); q = new Pair(shared);",
        "[Differentiable] public Tensor Model(Tensor x) => q.Model(p.Model(x.matmul(w)));",
        "Pair.backward: its sub-layer Sub ran forward again after Pair called it")]
    public void One_sub_layer_object_in_two_places_is_refused_at_its_second_backward(string fields, string init, string method, string message)
    {
        var source = Layer("Shared", fields, init, method) + """
            [Layer] public partial class Pair { Sub inner; public Pair(Sub inner) { this.inner = inner; } [Differentiable] public Tensor Model(Tensor x) => inner.Model(x) * 2.0; }
            """;
        var layer = New(source, "Shared");
        layer.Forward(LayerRunner.Inputs(layer.GetType(), 3));
        var e = Assert.Throws<InvalidOperationException>(() => layer.Backward(ones(3, 3, float64)));
        Assert.StartsWith(message, e.Message);
        Assert.Contains("each place its own", e.Message);
    }

    /// <summary>What a layer used once may do: a throw-away forward before the real one, and a backward twice after one forward.</summary>
    [Fact]
    public void A_throw_away_forward_and_a_second_backward_are_still_allowed()
    {
        var source = Layer("Once", "Parameter w; Sub a;", "w = nn.Parameter(randn(3, 3, float64)); a = new Sub();",
            "[Differentiable] public Tensor Model(Tensor x) => a.Model(x.matmul(w));");
        var layer = New(source, "Once");
        var x = randn(4, 3, float64);
        layer.Forward([randn(2, 3, float64)]);
        layer.Forward([x]);
        var afterThrowAway = layer.Backward(ones(4, 3, float64))[0]!.clone();
        layer.Forward([x]);
        var once = layer.Backward(ones(4, 3, float64))[0]!.clone();
        var twice = layer.Backward(ones(4, 3, float64))[0]!;
        Assert.Equal(afterThrowAway.data<double>().ToArray(), once.data<double>().ToArray());
        Assert.Equal(once.data<double>().ToArray(), twice.data<double>().ToArray());
    }

    /// <summary>
    /// A3 compares a manual model with an [AutogradReference] one in the same project. A reference model built from a
    /// sub-layer class of the manual project (no backward there) got a generated backward calling <c>s.backward</c> and
    /// <c>hidden[i].backward</c>: CS1061 inside the generated file. It needs a diagnostic on the student's code
    /// (or the sub-layer's backward generated for the reference), never generated code that does not compile.
    /// </summary>
    [Theory]
    [InlineData("Sub s = new();", "[Differentiable] public Tensor Model(Tensor x) => s.Model(x.matmul(w));")]
    [InlineData("Sub[] hidden = [new Sub(), new Sub()];", "[Differentiable] public Tensor Model(Tensor x) { var h = x.matmul(w); foreach (var d in hidden) h = d.Model(h); return h; }")]
    public void A_reference_layer_over_a_manual_sub_layer_gets_a_diagnostic_not_generated_code_that_does_not_compile(string field, string method)
    {
        var source = Layer("Reference", "Parameter w; " + field, "w = nn.Parameter(randn(3, 3, float64));", method, header: "[Layer, AutogradReference]");
        var r = Harness.Run(source, "manual");
        var inGenerated = r.CompileErrors.Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true).ToList();
        Assert.True(inGenerated.Count == 0, "generated code does not compile:\n" + string.Join("\n", inGenerated));
        var d = Assert.Single(r.GeneratorDiagnostics);
        Assert.Equal("EDU1040", d.Id);
        string call = method.Contains("s.Model", StringComparison.Ordinal) ? "s.Model(x.matmul(w))" : "d.Model(h)";
        Assert.Equal(source.IndexOf(call, StringComparison.Ordinal), d.Location.SourceSpan.Start);
        Assert.StartsWith("'Sub' has no generated backward in this project", d.GetMessage());
        // Outside manual mode every layer has its backward: nothing to report, and the reference compiles.
        Assert.Empty(Harness.Run(source).GeneratorDiagnostics);
        // In manual mode, a sub-layer class marked [AutogradReference] too is what the message asks for.
        Assert.Empty(Harness.Run(source.Replace("[Layer] public partial class Sub", "[Layer, AutogradReference] public partial class Sub"), "manual").GeneratorDiagnostics);
    }

    /// <summary>
    /// A parameter shared by two sub-layers (a decoder built over the encoder's weight: tied weights) is listed twice by
    /// the generated <c>parameters()</c>, so <c>torch.optim.Adam(model.parameters())</c> throws "parameter 1 is the same
    /// tensor as parameter 0". An nn.Module lists a shared parameter once, under its first name, as PyTorch does; the
    /// gradients themselves are right (the test checks them against the tape first).
    /// </summary>
    [Fact]
    public void A_parameter_shared_by_two_sub_layers_is_listed_once_and_trains_with_Adam()
    {
        var source = Layer("Tied", "Enc enc; Dec dec;", "enc = new Enc(); dec = new Dec(enc.W);",
            "[Differentiable] public Tensor Model(Tensor x) => dec.Model(enc.Model(x));") + """
            [Layer] public partial class Enc { public Parameter W; public Enc() { W = nn.Parameter(randn(3, 4, float64)); } [Differentiable] public Tensor Model(Tensor x) => tanh(x.matmul(W)); }
            [Layer] public partial class Dec { Parameter w; public Dec(Parameter w) { this.w = w; } [Differentiable] public Tensor Model(Tensor h) => h.matmul(w.T); }
            """;
        var layer = New(source, "Tied");
        LayerRunner.Check(layer, 3, 5);
        Assert.Single(layer.parameters());
        Assert.Equal(["enc.W"], layer.named_parameters().Select(p => p.name));
        var opt = torch.optim.Adam(layer.parameters(), lr: 0.01);
        opt.zero_grad();
        layer.Forward(LayerRunner.Inputs(layer.GetType(), 4));
        layer.Backward(ones(4, 3, float64), inputGradients: false);
        opt.step();
    }

    /// <summary>
    /// The tape refuses an upstream gradient whose shape is not the output's ("backward: the gradient has shape (4x1) but
    /// the output has shape (4x3)"). A generated layer whose last op is an element-wise product broadcast a (4, 1) or (3)
    /// dL/dy against the kept factor and returned gradients for a different loss, with no error (a layer ending in a
    /// GEMM happens to refuse, from the product's shape check).
    /// </summary>
    [Theory]
    [InlineData(4, 1)]
    [InlineData(3, 0)]
    [InlineData(1, 3)]
    public void An_upstream_gradient_of_another_shape_than_the_output_is_refused_like_the_tape(int d0, int d1)
    {
        var source = Layer("Gated", "Parameter w;", "w = nn.Parameter(randn(3, 3, float64));",
            "[Differentiable] public Tensor Model(Tensor x) => tanh(x.matmul(w)) * x;");
        var layer = New(source, "Gated");
        var x = randn(4, 3, float64);
        long[] dims = d1 == 0 ? [d0] : [d0, d1];
        var tape = Assert.Throws<ArgumentException>(() => (tanh(x.matmul(layer.parameters()[0])) * x).backward(ones(dims, float64)));
        Assert.Contains("the output has shape (4x3)", tape.Message);
        layer.Forward([x]);
        var e = Record.Exception(() => layer.Backward(ones(dims, float64)));
        Assert.True(e is ArgumentException, "the generated backward took a dL/dy of shape (" + string.Join("x", dims) + ") for an output of shape (4x3): " + (e?.Message ?? "no exception"));
    }

    /// <summary>
    /// A tape node over a generated layer (<c>call</c>) refuses to go back once the layer ran forward again, "also one
    /// called directly as layer.forward(x)" (LayerNode): it compares the output buffer's version. A direct forward on
    /// another batch size writes new buffers and leaves the old one alone, so the stale node went into the generated
    /// backward and failed there on shapes (a misleading "cannot multiply (2x3)ᵀ by (4x2)").
    /// </summary>
    [Theory]
    [InlineData("[Differentiable] public Tensor Model(Tensor x) => x.matmul(w) + b;")]
    [InlineData("[Differentiable] public Tensor Model(Tensor x) => relu(x.matmul(w) + b) * 2.0;")]
    public void A_tape_node_made_stale_by_a_direct_forward_on_another_batch_size_says_so(string method)
    {
        var source = Layer("Lin", "Parameter w, b;", "w = nn.Parameter(randn(3, 2, float64)); b = nn.Parameter(randn(2, float64));", method);
        var layer = New(source, "Lin");
        var call = layer.GetType().GetMethods().Single(m => m.Name == "call");
        var y = (Tensor)call.Invoke(layer, [randn(4, 3, float64).requires_grad_()])!;
        layer.Forward([randn(2, 3, float64)]);
        var e = Assert.Throws<InvalidOperationException>(() => (y * y).sum().backward());
        Assert.Contains("ran forward again", e.Message);
    }

    /// <summary>
    /// <c>Tensor g; if (flag) g = h; else g = x;</c> is valid C# (g is definitely assigned) and a natural way to pick
    /// a value. The generator reported EDU1004 "'g' is read before it holds a tensor" twice, on the two assignments,
    /// which write g and read nothing. Either the if is differentiated (each arm assigns g), or the diagnostic says
    /// what to write instead; EDU1004 on a write is wrong.
    /// </summary>
    [Theory]
    [InlineData("var h = x.matmul(w);\nTensor g;\nif (flag) g = relu(h);\nelse g = tanh(h);\nreturn g * b;")]
    [InlineData("Tensor g;\nif (flag) g = x.matmul(w);\nelse g = x * b;\nreturn g;")]
    public void A_tensor_declared_empty_and_set_in_both_arms_is_not_reported_as_read_before_assignment(string body)
    {
        var source = FlagLayer.Source("Outer", body);
        var d = Assert.Single(Harness.Run(source).GeneratorDiagnostics);
        Assert.Equal("EDU1041", d.Id);
        Assert.Equal(source.IndexOf("if (flag)", StringComparison.Ordinal), d.Location.SourceSpan.Start);
        Assert.StartsWith("'g' holds no tensor before this if", d.GetMessage());
        // What the message asks for: a tensor there already, which both arms replace.
        FlagLayer.CheckWithFlag(FlagLayer.Source("Outer", body.Replace("Tensor g;", "Tensor g = x;")), 21, true, false);
    }

    /// <summary>A local read in an arm before the arm sets it (g = relu(g)) is still read before it holds a tensor.</summary>
    [Fact]
    public void A_local_read_in_an_arm_before_it_is_set_is_still_EDU1004()
    {
        var source = FlagLayer.Source("Outer", "Tensor g;\nif (flag) g = relu(g);\nelse g = x;\nreturn g;");
        Assert.Contains(Harness.Run(source).GeneratorDiagnostics, d => d.Id == "EDU1004");
    }

    /// <summary>
    /// The generated backward no longer names System (its checks moved into LayerWorkspace.BeginBackward), so a member
    /// called System hides nothing and is not reported (it was EDU1034).
    /// </summary>
    [Fact]
    public void A_member_named_System_is_no_longer_in_the_way()
    {
        var member = FlagLayer.Source("Outer", "return x.matmul(w) + b;").Replace("public bool flag = true;", "public bool flag = true;\n    public int System;");
        var r = Harness.Run(member);
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Empty(r.CompileErrors);
    }
}
