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

    /// <summary>Each generated layer class (the generated partial declarations) with the project's mode.</summary>
    public static IEnumerable<(ClassDeclarationSyntax Class, string? Mode, Compilation Output)> GeneratedClasses()
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

    static string Name(MemberDeclarationSyntax m) => m switch
    {
        MethodDeclarationSyntax method => method.Identifier.ValueText,
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        BaseTypeDeclarationSyntax type => type.Identifier.ValueText,
        FieldDeclarationSyntax field => field.Declaration.Variables.Single().Identifier.ValueText,
        _ => throw new InvalidOperationException("unexpected generated member: " + m),
    };
}
