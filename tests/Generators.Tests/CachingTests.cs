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
