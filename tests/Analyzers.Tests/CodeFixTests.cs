using System.Collections.Immutable;
using System.Reflection;
using Edu.Sdk.Checking;
using Edu.Sdk.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using static Edu.Sdk.torch;
using H = Edu.Sdk.Analyzers.Tests.Harness;

namespace Edu.Sdk.Analyzers.Tests;

/// <summary>The EDU0005 code fix: the skeleton compiles, EDU0005 goes away, and GradCheck runs on it (and passes once filled in).</summary>
public class CodeFixTests
{
    const string Layer = H.Usings + """
        namespace Course;

        [Layer]
        public partial class Mlp
        {
            readonly Parameter w1 = nn.Parameter(randn(3, 4, dtype: ScalarType.Float64)), b1 = nn.Parameter(randn(4, dtype: ScalarType.Float64));
            readonly Parameter w2 = nn.Parameter(randn(4, 2, dtype: ScalarType.Float64)), b2 = nn.Parameter(randn(2, dtype: ScalarType.Float64));

            [Differentiable]
            Tensor Model(Tensor x)
            {
                var h1 = tanh(x.matmul(w1) + b1);
                return h1.matmul(w2) + b2;
            }
        }
        """;

    static readonly H.Project Manual = new("manual", Generator: true);

    static string ApplyFix(string source)
    {
        var diagnostic = Assert.Single(H.Analyze(source, Manual).Diagnostics);
        Assert.Equal("EDU0005", diagnostic.Id);
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "Student", "Student", LanguageNames.CSharp,
            parseOptions: H.ParseOptions, metadataReferences: H.References));
        var document = workspace.AddDocument(project.Id, "Student.cs", SourceText.From(source));
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None);
        new BackwardSkeletonCodeFix().RegisterCodeFixesAsync(context).GetAwaiter().GetResult();
        var action = Assert.Single(actions);
        Assert.Equal(BackwardSkeletonCodeFix.Title, action.Title);
        var operation = action.GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult().OfType<ApplyChangesOperation>().Single();
        return operation.ChangedSolution.GetDocument(document.Id)!.GetTextAsync().GetAwaiter().GetResult().ToString();
    }

    static Type Load(string source)
    {
        var r = H.Analyze(source, Manual);
        Assert.Empty(r.Diagnostics);
        using var ms = new MemoryStream();
        var emit = r.Compilation.Emit(ms);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics) + "\n" + source);
        return Assembly.Load(ms.ToArray()).GetType("Course.Mlp")!;
    }

    static GradCheckReport Check(Type type)
    {
        manual_seed(1);
        var layer = (Layers.ILayer)Activator.CreateInstance(type)!;
        var forward = type.GetMethod("forward")!;
        var backward = type.GetMethod("backward")!;
        var x = randn(5, 3, dtype: ScalarType.Float64);
        var ps = layer.named_parameters();
        return GradCheck.Loss(
            () => ((Tensor)forward.Invoke(layer, [x])!).pow(2).sum().clone(),
            ps.Select(p => (p.name, (Tensor)p.parameter)).ToList(),
            analytic: () =>
            {
                layer.zero_grad();
                foreach (var (_, p) in ps) p.grad = null;
                var y = (Tensor)forward.Invoke(layer, [x])!;
                backward.Invoke(layer, [y * 2]);
                return ps.Select(p => p.parameter.grad ?? zeros_like(p.parameter)).ToList();
            });
    }

    [Fact]
    public void The_skeleton_has_the_signature_the_saved_values_one_line_per_gradient_and_a_GradCheck_example()
    {
        var fixedSource = ApplyFix(Layer);
        Assert.Contains("public Tensor backward(Tensor dL_dy)", fixedSource);
        Assert.Contains("// The forward kept: saved.x, saved.h1, saved.y", fixedSource);
        foreach (var p in new[] { "w1", "b1", "w2", "b2" })
            Assert.Contains($"// {p}.grad = ...;  // dL/d{p}", fixedSource);
        Assert.Contains("GradCheck.Loss(", fixedSource);
        Assert.Contains("var dL_dx = zeros_like(saved.x);", fixedSource);
        Assert.Contains("return dL_dx;", fixedSource);
    }

    [Fact]
    public void The_fixed_code_compiles_and_GradCheck_runs_on_it()
    {
        var report = Check(Load(ApplyFix(Layer)));
        Assert.False(report.Passed);
        Assert.Equal(4, report.Entries.Count);
    }

    [Fact]
    public void Once_filled_in_the_skeleton_passes_GradCheck()
    {
        var filled = ApplyFix(Layer)
            .Replace("// w2.grad = ...;  // dL/dw2", "w2.grad = saved.h1.T.matmul(dL_dy);")
            .Replace("// b2.grad = ...;  // dL/db2", "b2.grad = dL_dy.sum(0); var dL_da1 = dL_dy.matmul(w2.T) * (1 - saved.h1 * saved.h1);")
            .Replace("// w1.grad = ...;  // dL/dw1", "")
            .Replace("// b1.grad = ...;  // dL/db1", "")
            .Replace("var dL_dx = zeros_like(saved.x);", "w1.grad = saved.x.T.matmul(dL_da1); b1.grad = dL_da1.sum(0); var dL_dx = dL_da1.matmul(w1.T);");
        var report = Check(Load(filled));
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void Several_inputs_get_a_tuple_and_a_loss_target_gets_no_gradient()
    {
        var fixedSource = ApplyFix(H.Usings + """
            namespace Course;
            [Layer]
            public partial class Mix
            {
                [Differentiable]
                static Tensor Loss(Tensor a, Tensor b, [NonDifferentiable] Tensor target) => ((a * b - target).pow(2)).mean();
            }
            """);
        Assert.Contains("public (Tensor dL_da, Tensor dL_db) backward(Tensor dL_d", fixedSource);
        Assert.Contains("return (dL_da, dL_db);", fixedSource);
        Assert.DoesNotContain("dL_dtarget", fixedSource);
        Assert.Empty(H.Analyze(fixedSource, Manual).Diagnostics);
    }
}
