namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// The generated file copies the numbers and conditions of the student's method as written (<c>Math.Sqrt(d)</c>), so
/// it must see the names the student's file sees: it repeats the file's using directives, and those of the
/// namespaces around the layer, except the ones it already has. Without them, <c>x * Math.Sqrt(d)</c> in a file with
/// <c>using System;</c> compiled in the student's file and not in the generated one (found by a review).
/// </summary>
public class StudentUsingsTests
{
    const string Layer = """
        [Layer]
        public partial class Scaled
        {
            Parameter w;
            public double d = 4.0;
            public Scaled() { w = nn.Parameter(randn(3, 2, float64)); }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x) => BODY;
        }
        """;

    public static TheoryData<string, string> Files => new()
    {
        // A using of the file, and one repeated from the generated file's own (not written twice: CS0105).
        { "using System;\nusing Edu.Sdk;\nusing Edu.Sdk.Nn;\nusing static Edu.Sdk.torch;\nnamespace Course;\n{0}", "x.matmul(w) * Math.Sqrt(d)" },
        // using static, and an alias.
        { "using static System.Math;\nusing M = System.Math;\nusing Edu.Sdk;\nusing Edu.Sdk.Nn;\nusing static Edu.Sdk.torch;\n{0}", "x.matmul(w) / Sqrt(d) * M.Abs(-d)" },
        // Usings inside a block namespace, one of them relative to it (Helpers is Course.Helpers).
        { "namespace Course.Helpers { public static class Scales { public static double Of(double d) => d / 2; } }\nnamespace Course\n{\n    using System;\n    using Edu.Sdk;\n    using Edu.Sdk.Nn;\n    using Helpers;\n    using static Edu.Sdk.torch;\n{0}\n}", "x.matmul(w) * Scales.Of(Math.Max(d, 1.0))" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Numbers_read_through_the_files_usings_compile_in_the_generated_file(string file, string body)
    {
        var source = file.Replace("{0}", Layer.Replace("BODY", body));
        var assembly = Harness.Load(source);
        LayerRunner.Check(assembly, "Scaled", 3, 1);
    }

    [Fact]
    public void A_global_using_is_not_repeated()
    {
        var source = "global using System;\nusing Edu.Sdk;\nusing Edu.Sdk.Nn;\nusing static Edu.Sdk.torch;\n" + Layer.Replace("BODY", "x.matmul(w) * Math.Sqrt(d)");
        var generated = Harness.Run(source).Generated;
        Assert.DoesNotContain("using System;", generated);
        Harness.Load(source);
    }
}
