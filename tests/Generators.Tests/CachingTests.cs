using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Edu.Sdk.Generators.Tests;

/// <summary>The pipeline caches: an unrelated edit re-runs nothing after parsing, and an edit to one layer regenerates only that layer.</summary>
public class CachingTests
{
    static string Layer(string name, string op) => $$"""
        [Layer]
        public partial class {{name}}
        {
            Parameter w;
            public {{name}}() { w = nn.Parameter(randn(3, 3)); }
            [Differentiable] Tensor Model(Tensor x) => {{op}}(x.matmul(w));
        }
        """;

    [Fact]
    public void An_unrelated_edit_reuses_every_model_and_output()
    {
        var layers = Harness.Usings + "namespace N;\n" + Layer("A", "relu") + Layer("B", "tanh");
        var compilation = Harness.Compilation(layers);
        var driver = Harness.Driver(track: true).RunGenerators(compilation);
        var other = CSharpSyntaxTree.ParseText("class Unrelated { int F() => 1; }", Harness.ParseOptions, "/src/Other.cs");
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(other));
        var run = driver.GetRunResult().Results.Single();
        var steps = run.TrackedSteps[LayerGenerator.Steps.Model].SelectMany(s => s.Outputs);
        Assert.All(steps, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void Editing_one_layer_regenerates_only_that_layer()
    {
        var a = CSharpSyntaxTree.ParseText(Harness.Usings + "namespace N;\n" + Layer("A", "relu"), Harness.ParseOptions, "/src/A.cs");
        var b = CSharpSyntaxTree.ParseText(Harness.Usings + "namespace N;\n" + Layer("B", "tanh"), Harness.ParseOptions, "/src/B.cs");
        var compilation = Harness.Compilation("").RemoveAllSyntaxTrees().AddSyntaxTrees(a, b);
        var driver = Harness.Driver(track: true).RunGenerators(compilation);
        var b2 = CSharpSyntaxTree.ParseText(Harness.Usings + "namespace N;\n" + Layer("B", "sigmoid"), Harness.ParseOptions, "/src/B.cs");
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(b, b2));
        var run = driver.GetRunResult().Results.Single();
        var reasons = run.TrackedSteps[LayerGenerator.Steps.Model].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New));
        Assert.Equal(1, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Contains("Sigmoid", run.GeneratedSources.Single(s => s.HintName == "N.B.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Moving_lines_re_stamps_line_numbers_without_deriving_again()
    {
        // Two blank lines above layer B (and one inside its body) move its statements down: its #line numbers must
        // follow, but its model is equal, so the derivation and emission are cached and only the stamp runs again.
        string Source(string gap, string inner) => Harness.Usings + "namespace N;\n" + gap + $$"""
            [Layer]
            public partial class B
            {
                Parameter w;
                public B() { w = nn.Parameter(randn(3, 3)); }
                [Differentiable] Tensor Model(Tensor x)
                {{{inner}}
                    var h = tanh(x.matmul(w));
                    return h;
                }
            }
            """;
        var a = CSharpSyntaxTree.ParseText(Harness.Usings + "namespace N;\n" + Layer("A", "relu"), Harness.ParseOptions, "/src/A.cs");
        var b = CSharpSyntaxTree.ParseText(Source("", ""), Harness.ParseOptions, "/src/B.cs");
        var compilation = Harness.Compilation("").RemoveAllSyntaxTrees().AddSyntaxTrees(a, b);
        var driver = Harness.Driver(track: true).RunGenerators(compilation);
        string before = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == "N.B.g.cs").SourceText.ToString();

        var moved = CSharpSyntaxTree.ParseText(Source("\n\n", "\n"), Harness.ParseOptions, "/src/B.cs");
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(b, moved));
        var run = driver.GetRunResult().Results.Single();
        Assert.All(run.TrackedSteps[LayerGenerator.Steps.Emit].SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        var stamped = run.TrackedSteps[LayerGenerator.Steps.Source].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, stamped.Count(r => r is IncrementalStepRunReason.Modified));
        Assert.Equal(1, stamped.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));

        string after = run.GeneratedSources.Single(s => s.HintName == "N.B.g.cs").SourceText.ToString();
        int LineOfH(string text) => int.Parse(System.Text.RegularExpressions.Regex.Match(text, "#line (\\d+) \"/src/B.cs\"\\n\\s*var h =").Groups[1].Value);
        int Header(string text) => int.Parse(System.Text.RegularExpressions.Regex.Match(text, @"\(B\.cs, line (\d+)\)").Groups[1].Value);
        Assert.Equal(LineOfH(before) + 3, LineOfH(after));
        Assert.Equal(Header(before) + 2, Header(after));
        string sourceText = moved.ToString();
        Assert.Contains("var h = tanh", sourceText.Split('\n')[LineOfH(after) - 1]);
    }

    [Fact]
    public void Without_a_file_path_no_line_directive_is_written()
    {
        var tree = CSharpSyntaxTree.ParseText(Harness.Usings + "namespace N;\n" + Layer("A", "relu"), Harness.ParseOptions, "");
        var compilation = Harness.Compilation("").RemoveAllSyntaxTrees().AddSyntaxTrees(tree);
        var text = Harness.Driver(track: false).RunGenerators(compilation).GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.DoesNotContain("#line", text);
        Assert.DoesNotContain("\u0001", text);
        Assert.Contains("var y = _ws.Relu(", text.Replace("\n", " "));
    }

    [Fact]
    public void Models_hold_no_symbols_syntax_or_locations()
    {
        var r = Harness.Driver(track: true).RunGenerators(Harness.Compilation(Harness.Usings + Layer("A", "relu"))).GetRunResult().Results.Single();
        foreach (var step in r.TrackedSteps[LayerGenerator.Steps.Parse])
            foreach (var (value, _) in step.Outputs)
                AssertPlain(value, 0);
    }

    static void AssertPlain(object? value, int depth)
    {
        if (value is null || depth > 8) return;
        Assert.False(value is ISymbol or SyntaxNode or Location or Compilation or SemanticModel, value.GetType().Name);
        var type = value.GetType();
        if (type.IsPrimitive || value is string || type.IsEnum) return;
        if (value is System.Collections.IEnumerable e) { foreach (var item in e) AssertPlain(item, depth + 1); return; }
        foreach (var p in type.GetProperties().Where(p => p.GetIndexParameters().Length == 0))
            AssertPlain(p.GetValue(value), depth + 1);
    }
}
