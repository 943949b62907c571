using Microsoft.CodeAnalysis;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// Numbers and conditions written in full for the generated file, whose usings are its own (QualifiedText): each of
/// these compiled in the student's file and not, or not the same, in the generated one (found by a review), or has no
/// form written in full and is reported.
/// </summary>
public class QualifiedTextTests
{
    const string Layer = """
        namespace Course.Kinds
        {
            public enum Mode { Plain, Fast, Slow }
            public static class Ext
            {
                public static double Twice(ref this double v) => 2 * v;
                public static double Of(this object o) => 1.0;
                public static double Of(this double v) => 2 * v;
            }
        }
        namespace Course
        {
            [Layer]
            public partial class Scaled
            {
                Parameter w;
                public double d = 4.0;
                public int count = 3;
                public double[] gains = [0.5, 1.5];
                public double[]? maybe = [0.5, 1.5];
                public Mode mode = Mode.Fast;
                public string label = "3.14";
                public Scaled() { w = nn.Parameter(randn(3, 2, float64)); }
                public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
                [Differentiable]
                public Tensor Model(Tensor x)
                {
                    var h = x.matmul(w);
                    BODY
                    return h;
                }
            }
            TAIL
        }
        """;

    static string Source(string usings, string body, string tail = "") =>
        usings + "\nusing Course.Kinds;\n" + Harness.Usings + Layer.Replace("BODY", body).Replace("TAIL", tail);

    /// <summary>The student's file compiles; the generator reports nothing; the generated file compiles.</summary>
    static void AssertCompiles(string source)
    {
        var student = Harness.Compilation(source).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(student.Count == 0, "the student's file alone: " + string.Join("\n", student));
        var r = Harness.Run(source);
        Assert.True(r.GeneratorDiagnostics.IsEmpty, string.Join("\n", r.GeneratorDiagnostics));
        Assert.True(r.CompileErrors.IsEmpty, string.Join("\n", r.CompileErrors) + "\n\n" + r.Generated);
    }

    /// <summary>
    /// Full(type) is SymbolDisplayFormat.FullyQualifiedFormat, which writes special types as keywords (double, int,
    /// string), Nullable&lt;T&gt; as T? and ValueTuple as (T1, T2); SyntaxFactory.ParseName of that is not the name
    /// (the keyword becomes a skipped token in trivia, which WithTriviaFrom drops): the name disappears.
    /// Double.Epsilon becomes ".Epsilon", (Real)d becomes "()d", out var v becomes "out  v", Cast&lt;D&gt; becomes Cast&lt;&gt;.
    /// </summary>
    [Theory]
    [InlineData("", "if (double.TryParse(label, out var v) && v > 1) h = h * 2.0;")]
    [InlineData("using System;", "h = h * (Double.Epsilon + d);")]
    [InlineData("using System;", "if (label != String.Empty) h = h * 2.0;")]
    [InlineData("using Real = double;", "h = h * (Real)count;")]
    [InlineData("using System.Linq;\nusing D = double;", "h = h * gains.Cast<D>().Sum();")]
    [InlineData("using System;", "h = h * new Nullable<double>(d).Value;")]
    [InlineData("using Pair = (double a, double b);", "h = h * ((Pair)(d, 1.0)).a;")]
    public void A_type_whose_full_name_is_a_keyword_nullable_or_tuple_is_not_lost(string usings, string body) =>
        AssertCompiles(Source(usings, body));

    /// <summary>
    /// Inside an interpolation hole the ':' of global:: starts the format clause: $"{global::System.Math.PI}" is
    /// CS0103 "The name 'global' does not exist". The student wrote $"{Math.PI}" or $"{Mode.Slow}".
    /// </summary>
    [Theory]
    [InlineData("using System;", "h = h * $\"{Math.PI}\".Length;")]
    [InlineData("", "if (label != $\"{Mode.Slow}\") h = h * 2.0;")]
    public void A_name_inside_an_interpolated_string_compiles(string usings, string body) =>
        AssertCompiles(Source(usings, body));

    /// <summary>Query syntax binds to Select/Where through using System.Linq, which the generated file lacks (it gave CS1935): EDU1023 on the query.</summary>
    [Fact]
    public void A_query_expression_in_a_number_is_reported() =>
        AssertReported(Source("using System.Linq;", "h = h * (from g in gains where g > 0 select g * 2).Sum();"), "from g in gains where g > 0 select g * 2");

    /// <summary>An extension call after ?. has no static form without the null test written out (it gave CS1061): EDU1023 on the call.</summary>
    [Fact]
    public void An_extension_method_after_a_conditional_access_is_reported() =>
        AssertReported(Source("using System.Linq;", "h = h * (maybe?.Sum() ?? 1.0);"), ".Sum()");

    /// <summary>A ref this extension called as a static method needs ref on its receiver: CS1620.</summary>
    [Fact]
    public void A_ref_extension_method_compiles() =>
        AssertCompiles(Source("", "h = h * d.Twice();"));

    /// <summary>
    /// alias::Name is skipped ("found through that"), but the alias itself is a using of the student's file:
    /// Sys::Math.Sqrt(d) is CS0432 "Alias 'Sys' not found" in the generated file.
    /// </summary>
    [Fact]
    public void An_alias_qualified_name_compiles() =>
        AssertCompiles(Source("using Sys = System;", "h = h * Sys::Math.Sqrt(d);"));

    /// <summary>An alias of an array type (C# 12) is an IArrayTypeSymbol, not an INamedTypeSymbol: left as written, CS0246.</summary>
    [Fact]
    public void An_alias_of_an_array_type_compiles() =>
        AssertCompiles(Source("using Arr = double[];", "h = h * ((Arr)gains).Length;"));

    /// <summary>nameof(Sqrt) under using static System.Math: GetSymbolInfo has no Symbol (a method group's candidates), so Sqrt stays: CS0103.</summary>
    [Fact]
    public void A_method_group_in_nameof_under_using_static_compiles() =>
        AssertCompiles(Source("using static System.Math;", "h = h * nameof(Sqrt).Length;"));

    /// <summary>A file-local type of the student's file is not visible from the generated file (it gave CS0246 there): EDU1023 on its name.</summary>
    [Fact]
    public void A_file_local_type_in_a_number_is_reported() =>
        AssertReported(Source("", "h = h * Consts.K;", "file static class Consts { public static double K = 2.0; }"), "Consts");

    /// <summary>The student's file compiles, and the generator reports EDU1023 once, on <paramref name="span"/>.</summary>
    static void AssertReported(string source, string span)
    {
        var student = Harness.Compilation(source).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(student.Count == 0, "the student's file alone: " + string.Join("\n", student));
        var d = Assert.Single(Harness.Run(source).GeneratorDiagnostics);
        Assert.Equal("EDU1023", d.Id);
        Assert.Equal(span, source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
    }

    /// <summary>
    /// count.Of() binds Of(this object) (an extension's receiver converts only by identity, reference or boxing:
    /// 1.0); the static call Ext.Of(count) the rewriter writes binds Of(double) (int to double is better than to
    /// object: 6.0). The generated forward computes a different number than the student's method.
    /// </summary>
    [Fact]
    public void An_extension_call_written_as_a_static_call_binds_the_same_overload()
    {
        var source = Source("", "h = h * count.Of();");
        AssertCompiles(source);
        LayerRunner.Check(Harness.Load(source), "Scaled", 2, 3);
    }
}
