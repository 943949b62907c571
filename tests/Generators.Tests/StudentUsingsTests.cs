using Microsoft.CodeAnalysis;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// The generated file copies the numbers and conditions of the student's method, and has its own using directives,
/// not the file's: a name the student's file finds through a using is written in full there
/// (<c>global::System.Math.Sqrt(d)</c>), and the comments show it without <c>global::</c>. Without this,
/// <c>x * Math.Sqrt(d)</c> in a file with <c>using System;</c> compiled in the student's file and not in the generated
/// one; copying the usings instead let them change the generated code's own names (a review).
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
    public void A_name_found_through_a_using_is_written_in_full_in_the_code_and_as_written_in_the_comments()
    {
        var source = "using System;\nusing Edu.Sdk;\nusing Edu.Sdk.Nn;\nusing static Edu.Sdk.torch;\n" + Layer.Replace("BODY", "x.matmul(w) * Math.Sqrt(d)");
        var generated = Harness.Run(source).Generated;
        Assert.Contains("double y_factor = global::System.Math.Sqrt(d);", generated);
        Assert.Contains("// y = (System.Math.Sqrt(d)) · x_w", generated);
        Assert.DoesNotContain("using System;", generated);
    }

    /// <summary>An extension method (<c>using System.Linq;</c>) is called as the static method it is; an enum of another namespace in a condition is written in full.</summary>
    [Fact]
    public void An_extension_method_in_a_number_and_an_enum_in_a_condition_compile()
    {
        var source = """
            using System.Linq;
            using Edu.Sdk;
            using Edu.Sdk.Nn;
            using Course.Kinds;
            using static Edu.Sdk.torch;
            namespace Course.Kinds { public enum Mode { Plain, Scaled } }
            namespace Course
            {
                [Layer]
                public partial class Scaled
                {
                    Parameter w;
                    public double[] gains = [0.5, 1.5];
                    public Mode mode = Mode.Scaled;
                    public Scaled() { w = nn.Parameter(randn(3, 2, float64)); }
                    public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
                    [Differentiable]
                    public Tensor Model(Tensor x)
                    {
                        var h = x.matmul(w);
                        if (mode == Mode.Scaled) h = h * gains.Sum();
                        return h;
                    }
                }
            }
            """;
        var generated = Harness.Run(source).Generated;
        Assert.Contains("global::System.Linq.Enumerable.Sum(gains)", generated);
        Assert.Contains("mode == global::Course.Kinds.Mode.Scaled", generated);
        LayerRunner.Check(Harness.Load(source), "Scaled", 2, 5);
    }

    const string Fused = "return relu(x.matmul(w) + b);";   // the generated forward reads Activation.Relu

    /// <summary>
    /// The student's own enum Activation, imported by a using: fine in the student's file (no using Edu.Sdk.Layers),
    /// CS0104 in the generated one, which now has both usings (reported at the student's line through #line).
    /// </summary>
    [Fact]
    public void A_using_that_imports_a_type_named_Activation_does_not_break_the_generated_file()
    {
        var src = "using MyLib;\n" + Harness.Usings + "namespace MyLib { public enum Activation { Relu, Tanh } }\nnamespace T {\n"
            + FlagLayer.Source("Act", Fused, ns: "").Replace(Harness.Usings, "").Replace("public bool flag = true;", "public Activation kind = Activation.Tanh;") + "\n}";
        var r = Harness.Run(src);
        Assert.Empty(r.CompileErrors);
    }

    /// <summary>A using alias named like a name the generated code reads hides it there: CS0117 ('Func&lt;double, double&gt;' has no 'Relu').</summary>
    [Fact]
    public void A_using_alias_named_Activation_does_not_break_the_generated_file()
    {
        var r = Harness.Run(FlagLayer.Source("Alias", Fused, usings: "using Activation = System.Func<double, double>;\n"));
        Assert.Empty(r.CompileErrors);
    }

    /// <summary>
    /// Nested block namespaces, each with an alias S (the inner one hides the outer one): the generated file puts both
    /// in one namespace scope, CS1537 "The using alias 'S' appeared previously in this namespace".
    /// </summary>
    [Fact]
    public void Aliases_of_nested_namespaces_compile_in_the_generated_file()
    {
        var inner = FlagLayer.Source("Nest", "return relu(x.matmul(w)) * S.Sqrt(4f);", ns: "").Replace(Harness.Usings, "");
        var src = Harness.Usings + "namespace Outer\n{\n using S = System.Math;\n namespace Inner\n {\n  using S = System.MathF;\n" + inner + "\n }\n}";
        var r = Harness.Run(src);
        Assert.Empty(r.CompileErrors);
    }

    /// <summary>
    /// The duplicate filter compares text: "using global::System.Collections.Generic;" is copied next to the generator's
    /// "using System.Collections.Generic;", CS0105 in the generated file (an error with the repository's TreatWarningsAsErrors).
    /// </summary>
    [Fact]
    public void A_using_the_generator_already_has_written_differently_is_not_repeated()
    {
        var src = "using global::System.Collections.Generic;\n" + FlagLayer.Source("Dup", Fused);
        var r = Harness.Run(src);
        var warnings = r.Output.GetDiagnostics().Where(d => d.Id == "CS0105").ToList();
        Assert.True(warnings.Count == 0, string.Join("\n", warnings));
    }
}
