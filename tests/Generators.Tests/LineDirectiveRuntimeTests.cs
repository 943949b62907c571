using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// The generated code's <c>#line</c> directives at work: an error thrown by a generated forward or backward shows the
/// student's file and the line of the statement that failed in its stack trace, as a debugger does.
/// </summary>
public class LineDirectiveRuntimeTests
{
    const string Path = "/course/Mlp.cs";

    const string Source = Harness.Usings + """
        namespace Lines;
        [Layer]
        public partial class Mlp
        {
            Parameter w1, b1, w2, b2;
            public Mlp(int hidden2)
            {
                w1 = nn.Parameter(randn(20, 30)); b1 = nn.Parameter(randn(30));
                w2 = nn.Parameter(randn(hidden2, 5)); b2 = nn.Parameter(randn(5));
            }
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h1 = relu(x.matmul(w1) + b1);
                return h1.matmul(w2) + b2;
            }
        }
        """;

    static Assembly LoadWithSymbols()
    {
        var tree = CSharpSyntaxTree.ParseText(SourceText.From(Source, System.Text.Encoding.UTF8), Harness.ParseOptions, Path);
        var compilation = Harness.Compilation("").RemoveAllSyntaxTrees().AddSyntaxTrees(tree);
        Harness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var emit = output.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return Assembly.Load(pe.ToArray(), pdb.ToArray());
    }

    static int LineOf(string text) => Source.Split('\n').Select((l, i) => (l, i)).First(p => p.l.Contains(text, StringComparison.Ordinal)).i + 1;

    [Fact]
    public void A_shape_error_in_the_generated_forward_points_at_the_students_line()
    {
        var type = LoadWithSymbols().GetType("Lines.Mlp")!;
        var layer = (Layers.IGeneratedLayer)Activator.CreateInstance(type, 31)!;   // w2 has 31 rows for 30 hidden units
        var e = Assert.Throws<ArgumentException>(() => layer.Forward([randn(3, 20)]));
        Assert.Contains($"{Path}:line {LineOf("return h1.matmul(w2) + b2;")}", e.StackTrace);
    }
}
