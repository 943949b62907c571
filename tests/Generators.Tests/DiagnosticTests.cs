using Microsoft.CodeAnalysis;

namespace Edu.Sdk.Generators.Tests;

/// <summary>Each diagnostic fires on the exact span marked [| |] in the source, and nothing else is reported.</summary>
public class DiagnosticTests
{
    static string Layer(string body, string fields = "Parameter w;", string ctor = "w = nn.Parameter(randn(3, 3));", string header = "public partial class L") => Harness.Usings + $$"""
        [Layer]
        {{header}}
        {
            {{fields}}
            public L() { {{ctor}} }
            {{body}}
        }
        """;

    static string Method(string statements, string signature = "Tensor Model(Tensor x)") => $$"""
        [Differentiable]
        {{signature}}
        {
            {{statements}}
        }
        """;

    public static TheoryData<string, string> Cases => new()
    {
        { "EDU1001", Harness.Usings + "[Layer]\npublic class [|L|]\n{\n    [Differentiable] Tensor Model(Tensor x) => x;\n}\n" },
        { "EDU1002", Layer("Tensor Model(Tensor x) => x;", header: "public partial class [|L|]") },
        { "EDU1003", Layer("[Differentiable] Tensor Model(Tensor x) => x;\n[Differentiable] Tensor [|Other|](Tensor x) => x;") },
        { "EDU1004", Layer(Method("Tensor h = null!;\nreturn [|h|] + x;")) },
        { "EDU1005", Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w) + b;", fields: "Parameter w, [|b|];") },
        // A helper the constructor calls counts (a review found EDU1005 on both fields of 'Init'); one it does not call does not.
        { "EDU1005", Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w) + b;", fields: "Parameter w, [|b|];\nvoid Init() { w = nn.Parameter(randn(3, 3)); }\nvoid Unused() { b = nn.Parameter(randn(3)); }", ctor: "Init();") },
        { "EDU1006", Layer("[Differentiable] Tensor Model(Tensor x, double [|scale|]) => x * scale;") },
        { "EDU1006", Layer("[Differentiable] [|double|] Model(Tensor x) => 1.0;") },
        { "EDU1007", Harness.Usings + "[Layer]\npublic partial class [|G|]<T>\n{\n    [Differentiable] Tensor Model(Tensor x) => x;\n}\n" },
        { "EDU1010", Layer(Method("return [|x.abs()|];")) },
        { "EDU1011", Layer(Method("[|try|] { } finally { }\nreturn x;")) },
        { "EDU1013", Layer(Method("[|while|] (Deep) { }\nreturn x;"), fields: "Parameter w; bool Deep = false;") },
        { "EDU1011", Layer(Method("[|switch|] (Mode) { default: break; }\nreturn x;"), fields: "Parameter w; int Mode = 0;") },
        { "EDU1012", Layer(Method("var y = [|x.sum().item<double>() > 0|] ? x : -x;\nreturn y;")) },
        { "EDU1013", Layer(Method("[|for|] (int i = 0; i < 3; i++) x = x * 2.0;\nreturn x;")) },
        { "EDU1014", Layer(Method("return [|x.add_(x)|];")) },
        { "EDU1014", Layer(Method("return relu(x, [|@out: x|]);")) },
        { "EDU1015", Layer(Method("[|Tensor Twice(Tensor t) => t * 2.0;|]\nreturn x;")) },
        // A lambda kept in a local: reported on the lambda, and its calls report nothing more (they gave EDU1021 on
        // the local and EDU1019 on each call; a review).
        { "EDU1015", Layer(Method("System.Func<Tensor, Tensor> f = [|t => t * 2.0|];\nvar y = f(x);\nreturn f(y);")) },
        { "EDU1015", Layer(Method("var f = [|(Tensor t) => t * 2.0|];\nreturn f(x);")) },
        // A tuple that is not written out: one diagnostic, not EDU1004 again on each local it would have set.
        { "EDU1023", Layer(Method("[|var (a, b) = Pair(x)|];\nreturn a + b;") + "\nstatic (Tensor, Tensor) Pair(Tensor t) => (t, t);") },
        { "EDU1023", Layer(Method("[|(Tensor a, Tensor b) = Pair(x)|];\nreturn a * b;") + "\nstatic (Tensor, Tensor) Pair(Tensor t) => (t, t);") },
        { "EDU1016", Layer(Method("[|cache|] = x * 2.0;\nreturn x;"), fields: "Parameter w; Tensor cache = null!;") },
        { "EDU1017", Layer(Method("return x * [|x.sum().item<double>()|];")) },
        { "EDU1018", Layer(Method("return [|x[0]|];")) },
        { "EDU1019", Layer(Method("return [|Helper(x)|];") + "\nTensor Helper(Tensor t) => t;") },
        { "EDU1020", Layer(Method("return x + [|ones(3)|];")) },
        { "EDU1021", Layer(Method("[|int n = 3|];\nreturn x * 2.0;")) },
        { "EDU1022", Layer(Method("[|return x;|]\nreturn x * 2.0;")) },
        { "EDU1023", Layer(Method("return [|x.matmul(w) ?? x|];")) },
        // A compound assignment whose tensor right side is reported: once, not again as a number (a review).
        { "EDU1010", Layer(Method("var h = x * 2.0;\nh += [|x.abs()|];\nreturn h;")) },
        // A return or a throw inside an if or a loop: that, not the count of assigned tensors (EDU1026; a review).
        { "EDU1022", Layer(Method("if (Deep) [|return x;|]\nreturn relu(x);"), fields: "Parameter w; bool Deep = false;") },
        { "EDU1011", Layer(Method("if (Deep) [|throw|] new System.Exception();\nreturn x;"), fields: "Parameter w; bool Deep = false;") },
        // A number that changes when read: the backward reads it again, so the gradient would be silently wrong (a review).
        { "EDU1023", Layer(Method("return x.matmul(w) * [|n++|];"), fields: "Parameter w; int n = 1;") },
        { "EDU1023", Layer(Method("return x * [|System.Random.Shared.NextDouble()|];")) },
        { "EDU1013", WithSubs(Method("foreach (var n in [|counts|]) x = x * 2.0;\nreturn x;")) },
        { "EDU1013", WithSubs(Method("[|for|] (int i = 1; i < subs.Length; i++) x = subs[i].Model(x);\nreturn x;")) },
        { "EDU1013", WithSubs(Method("foreach (var d in subs) { [|foreach|] (var e in subs) x = e.Model(x); }\nreturn x;")) },
        { "EDU1024", WithSubs(Method("return [|sub.Other(x)|];")) },
        { "EDU1025", WithSubs(Method("var h = sub.Model(x);\nreturn [|sub.Model(h)|];")) },
        { "EDU1025", WithSubs(Method("foreach (var d in subs) x = [|sub.Model(x)|];\nreturn x;")) },
        { "EDU1026", WithSubs(Method("var h = x * 2.0;\n[|foreach|] (var d in subs) { x = d.Model(x); h = h * 2.0; }\nreturn x + h;")) },
        { "EDU1028", WithSubs(Method("return [|subs[0]|].Model(x);")) },
        { "EDU1038", Layer(Method("return x.view([|x.shape[0]|], -1).matmul(w);")) },
        { "EDU1038", Layer(Method("return x.matmul(w) / [|x.size(0)|];")) },
        { "EDU1039", Layer(Method("if ([|System.Random.Shared.NextDouble() < 0.5|]) { }\nreturn x.matmul(w);")) },
        { "EDU1042", Layer(Method("return x.sum([|dims|]).matmul(w);"), fields: "Parameter w; long[] dims = [1];") },
        { "EDU1042", Layer(Method("return x.mean([|new long[] { 0, -1 }|]) * 2.0;")) },
        { "EDU1042", Layer(Method("return x.sum([|[1, -1]|], keepdim: Keep) * 2.0;"), fields: "Parameter w; bool Keep = true;") },
        { "EDU1010", Layer(Method("return [|x.transpose(0, 2)|];")) },
        { "EDU1029", Layer(Method("return nn.functional.conv2d(x, w, null, [|strides|]);"), fields: "Parameter w; long[] strides = [2, 1];") },
        { "EDU1029", Layer(Method("return nn.functional.max_pool2d(x, [|[.. sizes]|]);"), fields: "Parameter w; long[] sizes = [2, 1];") },
        { "EDU1037", WithTargetLoss("[Differentiable] Tensor Model(Tensor x, Tensor y) => mse.Loss(x.matmul(w), [|y|]);") },
        { "EDU1037", WithTargetLoss(Method("var z = x.matmul(w);\nreturn mse.Loss(x, [|tanh(z)|]);")) },
        { "EDU1037", WithTargetLoss(Method("var h = x.matmul(w);\nvar g = h;\nforeach (var m in mses) h = m.Loss(h, [|t: g|]);\nreturn h;")) },
        { "EDU1031", Layer("[Differentiable] Tensor Loss(Tensor z, Tensor t) => nn.functional.cross_entropy(z, [|t|]);") },
        { "EDU1031", Layer("[Differentiable] Tensor Loss(Tensor z, [NonDifferentiable] Tensor t) => nn.functional.cross_entropy(z, [|t * w|]);") },
        { "EDU1032", Layer("[Differentiable] Tensor Loss(Tensor z, [NonDifferentiable] Tensor t) => nn.functional.cross_entropy(z, t, [|nn.Reduction.Sum|]);") },
        { "EDU1032", Layer("[Differentiable] Tensor Loss(Tensor z, [NonDifferentiable] Tensor t) => nn.functional.cross_entropy(z, t, [|reduction: Mode|]);", fields: "Parameter w; nn.Reduction Mode = nn.Reduction.Mean;") },
        { "EDU1030", Layer(Method("return cat([|parts|], 1);"), fields: "Parameter w; Tensor[] parts = [];") },
        { "EDU1030", Layer(Method("return cat([x, [|.. parts|]], 1);"), fields: "Parameter w; Tensor[] parts = [];") },
        { "EDU1036", Layer(Method("if (A) { [|if|] (B) x = x * 2.0; }\nreturn x;"), fields: "Parameter w; bool A = true, B = true;") },
        { "EDU1036", Layer(Method("if (A) x = x * 2.0;\nelse { x = x * 4.0; [|if|] (B) x = x * 3.0; }\nreturn x;"), fields: "Parameter w; bool A = true, B = true;") },
        { "EDU1033", Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);\npublic bool [|training|] = true;") },
        { "EDU1033", Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);\npublic Tensor [|forward|](Tensor x) => Model(x);") },
    };

    /// <summary>A layer with sub-layers (a field and an array) and a number array, for the sub-layer and loop diagnostics.</summary>
    static string WithSubs(string body) =>
        Layer(body, fields: "Parameter w; Sub sub = new(); Sub[] subs = [new(), new()]; int[] counts = [1, 2];") + """

        [Layer]
        public partial class Sub
        {
            [Differentiable] public Tensor Model(Tensor t) => t * 2.0;
            public Tensor Other(Tensor t) => t;
        }
        """;

    /// <summary>A layer with a sub-layer whose second input is [NonDifferentiable] (a loss's target), for EDU1037.</summary>
    static string WithTargetLoss(string body) =>
        Layer(body, fields: "Parameter w; Mse mse = new(); Mse[] mses = [new(), new()];") + """

        [Layer]
        public partial class Mse
        {
            [Differentiable] public Tensor Loss(Tensor z, [NonDifferentiable] Tensor t) => ((z - t) * (z - t)).mean();
        }
        """;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Diagnostic_is_reported_on_the_exact_span(string id, string marked)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal) - 2;
        var source = marked.Replace("[|", "").Replace("|]", "");
        var r = Harness.Run(source);
        var d = Assert.Single(r.GeneratorDiagnostics);
        Assert.Equal(id, d.Id);
        Assert.Equal(source.Substring(start, end - start), source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.EndsWith(id + ".md", d.Descriptor.HelpLinkUri);
        Assert.DoesNotContain("partial class L :", r.Generated);   // the layer with the diagnostic gets nothing (its sub-layers do)
    }

    const string EveryLayer = "for every layer (forward, parameters, named_parameters, zero_grad, training, train, eval)";
    const string WithBackward = "with the backward it derives, outside manual mode and for an [AutogradReference] layer (backward, backward_parameters, call, DescribeBackward)";
    const string InManualMode = "in manual mode, holding the forward's values for your backward (Saved, saved)";

    static string Named(string member, string when) =>
        $"Layer 'L' declares '{member}', which the generator writes {when}; rename yours, e.g. '{member}Own', or remove it and use the generated one";

    /// <summary>
    /// EDU1033 for the names the generator writes in some modes only: (project mode, marked source, message). The
    /// backward's names outside manual mode (and in any mode for an [AutogradReference] layer), backward_parameters
    /// only for a layer that gets one, Saved and saved in manual mode only.
    /// </summary>
    public static TheoryData<string?, string, string> ModeCases => new()
    {
        { null, Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);\npublic bool [|training|] = true;"), Named("training", EveryLayer) },
        { "manual", Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);\npublic void [|zero_grad|]() { }"), Named("zero_grad", EveryLayer) },
        { null, Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);\npublic Tensor [|backward|](Tensor g) => g;"), Named("backward", WithBackward) },
        { "autograd", Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);\npublic void [|backward_parameters|](Tensor g) { }"), Named("backward_parameters", WithBackward) },
        { null, Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);\npublic int [|call|];"), Named("call", WithBackward) },
        { null, Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);\npublic string [|DescribeBackward|]() => \"mine\";"), Named("DescribeBackward", WithBackward) },
        { "manual", Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);\npublic Tensor [|backward|](Tensor g) => g;", header: "[AutogradReference]\npublic partial class L"), Named("backward", WithBackward) },
        { "manual", Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);\npublic Tensor[] [|saved|] = [];"), Named("saved", InManualMode) },
        { "manual", Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);\npublic sealed class [|Saved|] { }"), Named("Saved", InManualMode) },
        // Inherited from a base class: the generated member would hide it (CS0108, an error under warnings-as-errors).
        { null, Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);", header: "public partial class L : Base") + "\npublic class Base { public virtual Tensor [|forward|](Tensor x) => x; }\n",
            Named("forward", EveryLayer) },
        { null, Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);", header: "public partial class L : Base") + "\npublic class Base { protected Tensor [|backward|](Tensor g) => g; }\n",
            Named("backward", WithBackward) },
    };

    [Theory]
    [MemberData(nameof(ModeCases))]
    public void A_member_named_like_a_generated_one_is_reported_in_the_modes_where_it_collides(string? mode, string marked, string message)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal) - 2;
        var source = marked.Replace("[|", "").Replace("|]", "");
        var r = Harness.Run(source, mode);
        var d = Assert.Single(r.GeneratorDiagnostics);
        Assert.Equal("EDU1033", d.Id);
        Assert.Equal(message, d.GetMessage());
        Assert.Equal(source.Substring(start, end - start), source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.Equal(new Microsoft.CodeAnalysis.Text.TextSpan(start, end - start), d.Location.SourceSpan);
        Assert.Equal("/src/Layer.cs", d.Location.GetLineSpan().Path);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Empty(r.Generated);   // no generated part, so no error inside a generated file
        Assert.Empty(r.CompileErrors);
    }

    /// <summary>The same names where the generator does not write them: (project mode, source); no diagnostic, and it compiles.</summary>
    public static TheoryData<string?, string> ModeNonCases => new()
    {
        // manual mode: the student writes backward (and may name a helper call or DescribeBackward).
        { "manual", Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);\npublic Tensor backward(Tensor g) => g.matmul(w.T);\npublic void backward_parameters(Tensor g) { }\npublic int call;\npublic string DescribeBackward() => \"mine\";") },
        // no parameter to update, or no input gradient to skip: no backward_parameters is generated.
        { null, Layer("[Differentiable] Tensor Model(Tensor x) => x * 2.0;\npublic void backward_parameters(Tensor g) { }", fields: "", ctor: "") },
        { null, Layer("[Differentiable] Tensor Loss([NonDifferentiable] Tensor x) => (x * w).sum();\npublic void backward_parameters(Tensor g) { }") },
        // A base class's private member is not visible from the layer: the generated one hides nothing.
        { null, Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);", header: "public partial class L : Base")
            + "\npublic class Base { private int forward = 1; public override string ToString() => forward.ToString(); }\n" },
        // Saved and saved exist in manual mode only, and never for an [AutogradReference] layer.
        { null, Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);\npublic sealed class Saved { }\npublic int saved;") },
        { "manual", Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);\npublic sealed class Saved { }\npublic int saved;", header: "[AutogradReference]\npublic partial class L") },
    };

    [Theory]
    [MemberData(nameof(ModeNonCases))]
    public void A_member_named_like_a_generated_one_is_not_reported_where_the_generator_does_not_write_it(string? mode, string source)
    {
        var r = Harness.Run(source, mode);
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Empty(r.CompileErrors);
        Assert.Contains("partial class L :", r.Generated);
    }

    static string Hides(string name, string use) =>
        $"Layer 'L' declares '{name}', which hides the '{name}' that the generated code of the layer uses ({use}); rename yours, e.g. '{name}Own'";

    const string Fused = "[Differentiable] Tensor Model(Tensor x) => relu(x.matmul(w) + b);";

    /// <summary>A layer over an array of sub-layers (its generated code reads SubLayers and List) with <paramref name="member"/>.</summary>
    static string WithSubLayers(string member) =>
        Layer(Method("foreach (var d in subs) x = tanh(d.Model(x));\nreturn x.matmul(w);") + "\n" + member, fields: "Parameter w; Sub[] subs = [new(), new()];")
        + "\n[Layer]\npublic partial class Sub\n{\n    [Differentiable] public Tensor Model(Tensor t) => t * 2.0;\n}\n";

    /// <summary>
    /// EDU1034: (marked source, message). A member of the class, one inherited from a source base class, one of the
    /// class the layer is nested in, a nested type named like a type, and a local of the differentiable method.
    /// </summary>
    public static TheoryData<string, string> HiddenNameCases => new()
    {
        { Layer(Fused + "\npublic string [|Activation|] = \"relu\";", fields: "Parameter w, b;", ctor: "w = nn.Parameter(randn(3, 3)); b = nn.Parameter(randn(3));"),
            Hides("Activation", "Activation.Relu, in a fused layer's forward") },
        { Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);\nstatic Tensor [|GradOf|](Parameter p) => p;"), Hides("GradOf", "GradOf(w), the parameters' gradients in the backward") },
        { WithSubLayers("int [|SubLayers|] => 0;"), Hides("SubLayers", "SubLayers.Parameters, for an array or list of sub-layers") },
        { Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);\npublic int [|GradOrStepOf|];"), Hides("GradOrStepOf", "GradOrStepOf(w), a parameter's last gradient in the backward") },
        { WithSubLayers("sealed class [|List|]<T> { }"), Hides("List", "the type List in the generated members") },
        { Layer(Method("var [|no_grad|] = x.matmul(w);\nreturn no_grad;")), Hides("no_grad", "no_grad(), in the evaluation forward") },
        { Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);", header: "public partial class L : Base") + "\npublic class Base { protected int [|LayerParameters|]; }\n",
            Hides("LayerParameters", "LayerParameters.ZeroGrad, in zero_grad()") },
        { Harness.Usings + "public partial class Outer\n{\n    static int [|LayerFunction|] = 0;\n" + Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);")[Harness.Usings.Length..] + "\n}\n",
            Hides("LayerFunction", "LayerFunction.Apply, in call()") },
    };

    [Theory]
    [MemberData(nameof(HiddenNameCases))]
    public void A_member_hiding_a_name_the_generated_code_uses_is_reported_on_the_member(string marked, string message)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal) - 2;
        var source = marked.Replace("[|", "").Replace("|]", "");
        var r = Harness.Run(source);
        var d = Assert.Single(r.GeneratorDiagnostics);
        Assert.Equal("EDU1034", d.Id);
        Assert.Equal(message, d.GetMessage());
        Assert.Equal(new Microsoft.CodeAnalysis.Text.TextSpan(start, end - start), d.Location.SourceSpan);
        Assert.Equal("/src/Layer.cs", d.Location.GetLineSpan().Path);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.EndsWith("EDU1034.md", d.Descriptor.HelpLinkUri);
        Assert.DoesNotContain("partial class L :", r.Generated);   // the layer gets nothing (a sub-layer of it does)
        Assert.Empty(r.CompileErrors);
    }

    /// <summary>
    /// EDU1035: (marked source, message). A type declared beside the layer, one in an outer namespace, one in the global
    /// namespace, a global class the layer is nested in, and a namespace named like the namespace the code reads.
    /// </summary>
    public static TheoryData<string, string> HiddenNameInNamespaceCases => new()
    {
        { InNamespace("Course", Layer(Fused, fields: "Parameter w, b;", ctor: "w = nn.Parameter(randn(3, 3)); b = nn.Parameter(randn(3));"), after: "public enum [|Activation|] { Relu, Tanh }\n"),
            HidesInNamespace("type", "Course.Activation", "Activation", "Activation.Relu, in a fused layer's forward") },
        { "namespace Course { public static class [|LayerParameters|] { } }\n" + InNamespace("Course.Week3", Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);")),
            HidesInNamespace("type", "Course.LayerParameters", "LayerParameters", "LayerParameters.ZeroGrad, in zero_grad()") },
        { "public sealed class [|GradOf|] { }\n" + InNamespace("Course", Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);")),
            HidesInNamespace("type", "GradOf", "GradOf", "GradOf(w), the parameters' gradients in the backward") },
        { "public partial class [|LayerFunction|]\n{\n" + Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);")[Harness.Usings.Length..] + "\n}\n",
            HidesInNamespace("type", "LayerFunction", "LayerFunction", "LayerFunction.Apply, in call()") },
        { "namespace Course.[|LayerFunction|] { public static class Helpers { } }\n" + InNamespace("Course", Layer("[Differentiable] Tensor Model(Tensor x) => x.matmul(w);")),
            HidesInNamespace("namespace", "Course.LayerFunction", "LayerFunction", "LayerFunction.Apply, in call()") },
    };

    /// <summary>The layer source in a namespace block, after the usings (the marked text goes after them too).</summary>
    static string InNamespace(string ns, string layer, string after = "") =>
        $"namespace {ns}\n{{\n{layer[Harness.Usings.Length..]}\n{after}}}\n";

    static string HidesInNamespace(string kind, string symbol, string name, string use) =>
        $"The {kind} '{symbol}' hides the '{name}' that the generated code of layer 'L' uses ({use}): it is declared in a namespace the layer is in, " +
        $"where C# looks before the generated file's using directives; rename it, e.g. '{name}Own'";

    [Theory]
    [MemberData(nameof(HiddenNameInNamespaceCases))]
    public void A_type_or_namespace_hiding_a_name_the_generated_code_uses_is_reported_on_its_declaration(string marked, string message)
    {
        marked = Harness.Usings + marked;
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal) - 2;
        var r = Harness.Run(marked.Replace("[|", "").Replace("|]", ""));
        var d = Assert.Single(r.GeneratorDiagnostics);
        Assert.Equal("EDU1035", d.Id);
        Assert.Equal(message, d.GetMessage());
        Assert.Equal(new Microsoft.CodeAnalysis.Text.TextSpan(start, end - start), d.Location.SourceSpan);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.EndsWith("EDU1035.md", d.Descriptor.HelpLinkUri);
        Assert.Empty(r.Generated);
        Assert.Empty(r.CompileErrors);
    }

    const string PlainInCourse = """
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;
        namespace Course
        {
            [Layer]
            public partial class L
            {
                Parameter w;
                public L() { w = nn.Parameter(randn(3, 3)); }
                [Differentiable] Tensor Model(Tensor x) => x.matmul(w);
            }
        }
        """;

    /// <summary>
    /// Types that hide nothing this layer's code reads: another arity than the one the code writes, or a name only other
    /// layers' code reads (Activation, for a fused activation). The generated code compiles beside them, so no EDU1035.
    /// </summary>
    [Theory]
    [InlineData("public class List { public int Count; }")]
    [InlineData("public sealed class Tensor<T> { public T[] Data = []; }")]
    [InlineData("public interface IReadOnlyList { }")]
    [InlineData("public enum Activation { Relu, Tanh }")]
    public void A_type_that_hides_nothing_the_layer_reads_is_not_reported(string declaration)
    {
        var plain = Harness.Run(PlainInCourse);
        Assert.Empty(plain.GeneratorDiagnostics);
        var beside = plain.Output.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace Course { " + declaration + " }", Harness.ParseOptions, "/src/Other.cs"));
        Assert.Empty(beside.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var r = Harness.Run(PlainInCourse.Replace("namespace Course\n{", "namespace Course\n{\n    " + declaration));
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Empty(r.CompileErrors);
    }

    /// <summary>A type of a referenced library (a course helper assembly) in the layer's namespace hides the name as well: reported on the layer.</summary>
    [Fact]
    public void A_hiding_type_of_a_referenced_library_is_reported_on_the_layer()
    {
        var library = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Helpers",
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace Course { public static class LayerParameters { } }", Harness.ParseOptions)],
            Harness.Compilation("").References, new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var compilation = Harness.Compilation(PlainInCourse).AddReferences(library.ToMetadataReference());
        var run = Harness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics).GetRunResult();
        Assert.True(diagnostics.Length == 1, string.Join("\n", diagnostics.Concat(run.Diagnostics)) + "\n" + string.Join("\n", output.GetDiagnostics().Where(e => e.Severity == DiagnosticSeverity.Error)));
        var d = diagnostics[0];
        Assert.Equal("EDU1035", d.Id);
        Assert.Equal("L", PlainInCourse.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.StartsWith("The type 'Course.LayerParameters' hides the 'LayerParameters'", d.GetMessage());
        Assert.Empty(output.GetDiagnostics().Where(e => e.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void An_inherited_member_overridden_down_the_bases_is_reported_once()
    {
        var source = Harness.Usings + """
            namespace Course;
            public class Base1 { public virtual void train(bool mode = true) { } }
            public class Base2 : Base1 { public override void [|train|](bool mode = true) { } }
            [Layer]
            public partial class L : Base2
            {
                Parameter w;
                public L() { w = nn.Parameter(randn(3, 3)); }
                [Differentiable] Tensor Model(Tensor x) => x.matmul(w);
            }
            """;
        int start = source.IndexOf("[|", StringComparison.Ordinal);
        var r = Harness.Run(source.Replace("[|", "").Replace("|]", ""));
        var d = Assert.Single(r.GeneratorDiagnostics);
        Assert.Equal("EDU1033", d.Id);
        Assert.Equal(start, d.Location.SourceSpan.Start);
    }

    /// <summary>Without the diagnostic, the generated code of the first case would not compile: the check is not a guess.</summary>
    [Fact]
    public void A_namespace_type_named_Activation_does_hide_the_SDK_Activation()
    {
        var source = Harness.Usings + "namespace Course\n{\n    public enum Activation { Relu, Tanh }\n    public static class Uses\n    {\n"
            + "        public static Edu.Sdk.Layers.Activation Relu => Activation.Relu;\n    }\n}\n";
        var r = Harness.Run(source);
        Assert.Contains(r.CompileErrors, e => e.Id == "CS0266" && e.GetMessage().Contains("Course.Activation", StringComparison.Ordinal));
    }

    /// <summary>Names that hide nothing: a base class's private member, a field named like a type (only a type hides a type), in a layer whose generated code uses them.</summary>
    [Fact]
    public void A_private_base_member_or_a_field_named_like_a_type_hides_nothing()
    {
        var source = Layer(Method("foreach (var d in subs) x = tanh(d.Model(x));\nreturn x.matmul(w);"), header: "public partial class L : Base",
                fields: "Parameter w; Sub[] subs = [new(), new()]; public int List, Tensor2, Parameter2;") + """

            public class Base { int GradOf = 0; int GradOrStepOf = 0; int LayerParameters = 0; public override string ToString() => $"{GradOf}{GradOrStepOf}{LayerParameters}"; }

            [Layer]
            public partial class Sub
            {
                [Differentiable] public Tensor Model(Tensor t) => t * 2.0;
            }
            """;
        var r = Harness.Run(source);
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Empty(r.CompileErrors);
        Assert.Contains("readonly List<Tensor>", r.Generated);
        Assert.Contains("GradOrStepOf(w)", r.Generated);
        Assert.Contains("LayerParameters.ZeroGrad(w)", r.Generated);
    }

    [Fact]
    public void EDU1031_names_the_input_to_mark_or_says_the_target_must_come_from_NonDifferentiable_inputs()
    {
        var onInput = Assert.Single(Harness.Run(Layer("[Differentiable] Tensor Loss(Tensor z, Tensor t) => nn.functional.cross_entropy(z, t);")).GeneratorDiagnostics);
        Assert.Equal(
            "The target 't' of cross_entropy depends on a parameter or a differentiable input, and its gradient is not generated; " +
            "mark the input holding the labels or probabilities [NonDifferentiable] ('[NonDifferentiable] Tensor t'), " +
            "or write the loss out as -(t * log_softmax(z, 1)).sum(1).mean()", onInput.GetMessage());

        var onExpression = Assert.Single(Harness.Run(Layer("[Differentiable] Tensor Loss(Tensor z, Tensor t) => nn.functional.cross_entropy(z, t * 0.9 + 0.025);")).GeneratorDiagnostics);
        Assert.Equal(
            "The target 't * 0.9 + 0.025' of cross_entropy depends on a parameter or a differentiable input, and its gradient is not generated; " +
            "compute the target only from [NonDifferentiable] inputs (no parameter, no sub-layer, no differentiable input), or detach() it, " +
            "or write the loss out as -(t * log_softmax(z, 1)).sum(1).mean()", onExpression.GetMessage());
        Assert.DoesNotContain("Tensor t * 0.9", onExpression.GetMessage());
    }

    [Fact]
    public void EDU1037_names_the_input_to_mark_or_the_expression_to_detach()
    {
        var onInput = Assert.Single(Harness.Run(WithTargetLoss("[Differentiable] Tensor Model(Tensor x, Tensor y) => mse.Loss(x.matmul(w), y);")).GeneratorDiagnostics);
        Assert.Equal(
            "The argument 'y' for the [NonDifferentiable] input 't' of mse.Loss depends on a parameter or a differentiable input, and the " +
            "generated backward gives it no gradient through that input; mark the input 'y' [NonDifferentiable] too, or pass 'y.detach()' to say it takes no gradient",
            onInput.GetMessage());

        var onExpression = Assert.Single(Harness.Run(WithTargetLoss(Method("return mse.Loss(x, x.matmul(w) * 2.0);"))).GeneratorDiagnostics);
        Assert.Equal(
            "The argument 'x.matmul(w) * 2.0' for the [NonDifferentiable] input 't' of mse.Loss depends on a parameter or a differentiable input, and the " +
            "generated backward gives it no gradient through that input; pass '(x.matmul(w) * 2.0).detach()' to say it takes no gradient, or compute it only from [NonDifferentiable] inputs",
            onExpression.GetMessage());
    }

    [Fact]
    public void Every_diagnostic_has_a_help_page()
    {
        var docs = Path.Combine(RepoRoot(), "docs", "diagnostics");
        foreach (var d in Diagnostics.Descriptors.All)
            Assert.True(File.Exists(Path.Combine(docs, d.Id + ".md")), $"missing docs/diagnostics/{d.Id}.md");
    }

    internal static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Edu.Sdk.sln"))) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }
}
