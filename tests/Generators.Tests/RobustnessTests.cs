using Microsoft.CodeAnalysis;

namespace Edu.Sdk.Generators.Tests;

/// <summary>Half-typed and nonsensical sources: the generator never throws, and reports only its specific diagnostics.</summary>
public class RobustnessTests
{
    static IEnumerable<string> Truncations(string source)
    {
        for (int i = 0; i < source.Length; i += 7) yield return source[..i];
    }

    public static TheoryData<string> Nonsense => new()
    {
        Harness.Usings + "[Layer] partial class { }",
        Harness.Usings + "[Layer] public partial class L { [Differentiable] Tensor Model(Tensor x) => ; }",
        Harness.Usings + "[Layer] public partial class L { Parameter w; [Differentiable] Tensor Model(Tensor x) { var h = x.matmul(; return h; } }",
        Harness.Usings + "[Layer] public partial class L { [Differentiable] Tensor Model(Tensor x) => x.nosuchmethod(); }",
        Harness.Usings + "[Layer] public partial class L { [Differentiable] Tensor Model(Tensor x) => y; }",
        Harness.Usings + "[Layer] public partial class L { [Differentiable] Tensor Model(Tensor x) { return; } }",
        Harness.Usings + "[Layer] public partial class L { [Differentiable] Tensor Model(Tensor x) { } }",
        Harness.Usings + "[Layer] public partial class L { [Differentiable] abstract Tensor Model(Tensor x); }",
        Harness.Usings + "[Layer] public partial struct S { [Differentiable] Tensor Model(Tensor x) => x; }",
        Harness.Usings + "[Layer] public partial class L : L { [Differentiable] Tensor Model(Tensor x) => x; }",
        Harness.Usings + "[Layer] public partial class L { [Differentiable] Tensor Model(Tensor x) => x + \"a\"; }",
        Harness.Usings + "[Layer][Layer] public partial class L { [Differentiable][Differentiable] Tensor Model(Tensor x) => x * x; }",
        "[Edu.Sdk.Layer] class X { [Edu.Sdk.Differentiable] int F() => 1; }",
        "}}}{{{ [Layer] partial",
        Harness.Usings + "[Layer] public partial class L { [Differentiable] Tensor Model(Tensr x) => x; }",
        Harness.Usings + "[Layer] public partial class L { [Differentiable] Tensor Model(Tensor x) { Tensor h = 3; return h * x; } }",
    };

    static void AssertOnlyOurDiagnostics(string source)
    {
        var r = Harness.Run(source);
        foreach (var d in r.GeneratorDiagnostics)
        {
            Assert.StartsWith("EDU1", d.Id);
            Assert.DoesNotContain("internal", d.GetMessage(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("exception", d.GetMessage(), StringComparison.OrdinalIgnoreCase);
        }
        // A generator that throws is reported by the driver as CS8785 on the run result.
        Assert.All(r.Run.Results, res => Assert.Null(res.Exception));
    }

    [Theory]
    [MemberData(nameof(Nonsense))]
    public void Nonsense_gives_no_exception_and_no_catch_all(string source) => AssertOnlyOurDiagnostics(source);

    [Fact]
    public void Every_prefix_of_real_layers_is_handled()
    {
        foreach (var (_, source) in Cases.All.Take(6))
            foreach (var prefix in Truncations(source))
                AssertOnlyOurDiagnostics(prefix);
    }
}
