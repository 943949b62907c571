using Edu.Sdk.Generators.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// The names the diagnostics check come from the lists the emitter writes from (<see cref="LayerSurface"/>): for every
/// test layer, in both modes, what the generated part actually declares is checked against them, so a member added to
/// the emitter without its list entry (and so without its EDU1033) fails here.
/// </summary>
public class GeneratedSurfaceTests
{
    /// <summary>Every layer source of the test suite: together they reach every construct the emitter writes.</summary>
    public static IEnumerable<string> AllSources() =>
        Cases.All.Select(c => c.Source).Concat(
        [
            ExpectedOutputTests.Mlp, ExpectedOutputTests.CrossEntropy, ExpectedOutputTests.Elementwise, ExpectedOutputTests.LoopedMlp,
            ExpectedOutputTests.Cnn, ExpectedOutputTests.Branches, ExpectedOutputTests.Joined, SubLayerTests.Source, LoopBranchTests.Source,
            LoopCrossEntropyTests.Source, BranchArmsTests.Source, NameClashTests.Source, NameClashTests.MemberSource,
            NameClashTests.WorkspaceSuffixSource, CrossEntropyTests.Classifier,
            Harness.Usings + "namespace R;\n[AutogradReference]\n[Layer]\npublic partial class Reference\n{\n    Parameter w = nn.Parameter(randn(3, 3));\n    [Differentiable] Tensor Model(Tensor x) => x.matmul(w);\n}\n",
        ]);

    /// <summary>Each generated layer class (the generated partial declarations) with the project's mode; generated once for both tests.</summary>
    public static IEnumerable<(ClassDeclarationSyntax Class, string? Mode, Compilation Output)> GeneratedClasses() => s_generated.Value;

    static readonly Lazy<List<(ClassDeclarationSyntax Class, string? Mode, Compilation Output)>> s_generated = new(() => Generate().ToList());

    static IEnumerable<(ClassDeclarationSyntax Class, string? Mode, Compilation Output)> Generate()
    {
        foreach (var source in AllSources())
            foreach (var mode in new[] { null, "manual" })
            {
                var r = Harness.Run(source, mode);
                Assert.Empty(r.GeneratorDiagnostics);
                // (Some sources call backward, which manual mode leaves to the student: only the generated files must compile.)
                Assert.Empty(r.CompileErrors.Where(e => e.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));
                foreach (var tree in r.Output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)))
                    foreach (var c in tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Where(c => c.BaseList is not null))
                        yield return (c, mode, r.Output);
            }
    }

    [Fact]
    public void Every_public_member_the_generator_writes_is_in_the_surface_lists()
    {
        int layers = 0;
        foreach (var (c, mode, _) in GeneratedClasses())
        {
            layers++;
            bool derived = c.BaseList!.Types.Any(t => t.ToString() == "IGeneratedLayer");
            if (mode != "manual") Assert.True(derived);   // in manual mode only [AutogradReference] layers are
            var declared = c.Members.Where(m => m.Modifiers.Any(SyntaxKind.PublicKeyword)).Select(Name).ToHashSet();
            bool backwardParameters = declared.Contains(LayerSurface.BackwardParameters);
            Assert.Equal(LayerSurface.Written(derived, backwardParameters).ToHashSet(), declared);
        }
        Assert.True(layers > 40, $"only {layers} generated layers");
    }

    /// <summary>
    /// Every name the generated code reads unqualified from outside the student's code (Edu.Sdk, .NET) is in
    /// <see cref="SdkNames"/>, as a value or (read only as a type) as a type; and every name listed there is read
    /// somewhere, so the list EDU1034 checks is neither short nor stale.
    /// </summary>
    [Fact]
    public void Every_name_the_generated_code_reads_from_the_SDK_is_in_SdkNames()
    {
        var values = new SortedSet<string>(StringComparer.Ordinal);
        var types = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (c, _, output) in GeneratedClasses())
        {
            var model = output.GetSemanticModel(c.SyntaxTree);
            foreach (var name in c.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                // Only names looked up from inside the class: not the part after a dot, not 'var'.
                if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name) continue;
                if (name.Parent is QualifiedNameSyntax qualified && qualified.Right == name) continue;
                if (name.IsVar) continue;
                var info = model.GetSymbolInfo(name);
                var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                Assert.True(symbol is not null, $"unbound name {name} in {c.Identifier}");
                if (symbol is ILocalSymbol or IParameterSymbol || symbol!.Locations.Any(l => l.IsInSource)) continue;
                (SyntaxFacts.IsInTypeOnlyContext(name) ? types : values).Add(name.Identifier.ValueText);
            }
        }
        types.ExceptWith(values);
        Assert.Equal(SdkNames.Values.Select(v => v.Name).OrderBy(n => n, StringComparer.Ordinal), values);
        Assert.Equal(SdkNames.Types.OrderBy(n => n, StringComparer.Ordinal), types);
    }

    static string Name(MemberDeclarationSyntax m) => m switch
    {
        MethodDeclarationSyntax method => method.Identifier.ValueText,
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        BaseTypeDeclarationSyntax type => type.Identifier.ValueText,
        FieldDeclarationSyntax field => field.Declaration.Variables.Single().Identifier.ValueText,
        _ => throw new InvalidOperationException("unexpected generated member: " + m),
    };
}
