using System.Reflection;
using Edu.Sdk.Generators.Emit;
using Edu.Sdk.Generators.Model;
using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// The student's text that the generated code copies (conditions, scalars, statements in comments): a raw U+0001 (the
/// template's placeholder mark) in a string literal, and comments inside a multi-line condition or scalar, compile and
/// mean what they meant in the source.
/// </summary>
public class StudentTextTests
{
    const char M = '\u0001';

    const string Affine = """

        [Layer]
        public partial class Affine
        {
            Parameter w, b;
            public Affine(int n) { w = nn.Parameter(randn(n, n, float64) * 0.5); b = nn.Parameter(randn(n, float64) * 0.1); }
            [Differentiable]
            public Tensor Model(Tensor x) => x.matmul(w) + b;
        }
        """;

    /// <summary>U+0001 in string literals: in an if's condition, in a scalar, in a loop body's condition and scalar.</summary>
    static readonly string Marked = Harness.Usings + """
        namespace Texts;

        [Layer]
        public partial class Marked
        {
            Parameter w, b;
            Affine[] blocks;
            public string tag = "@";
            public Marked(int depth)
            {
                w = nn.Parameter(randn(3, 3, float64));
                b = nn.Parameter(randn(3, float64));
                blocks = new Affine[depth];
                for (int i = 0; i < depth; i++) blocks[i] = new Affine(3);
            }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var z = x.matmul(w);
                if (tag == "@") z = z * ("@".Length + 1.0);
                else z = z + b;
                foreach (var d in blocks)
                {
                    z = d.Model(z);
                    if (tag != "a@b") z = tanh(z) * ("@@".Length * 0.75);
                }
                return z;
            }
        }
        """.Replace('@', M) + Affine;

    /// <summary>Multi-line conditions and a scalar with comments in them, at the top level and in a loop body.</summary>
    const string Commented = Harness.Usings + """
        namespace Texts;

        [Layer]
        public partial class Commented
        {
            Parameter w, b;
            Affine[] blocks;
            public bool useBias = true, useTanh = true;
            public double scale = 1.5;
            public Commented(int depth)
            {
                w = nn.Parameter(randn(3, 3, float64));
                b = nn.Parameter(randn(3, float64));
                blocks = new Affine[depth];
                for (int i = 0; i < depth; i++) blocks[i] = new Affine(3);
            }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var z = x.matmul(w);
                if (useBias && // the bias is optional
                    scale > 0 /* and only for a positive scale */)
                    z = z + b;
                z = z * (scale * // how much
                    2.0);
                for (int i = 0; i < blocks.Length; i++)
                {
                    z = blocks[i].Model(z);
                    if (i < blocks.Length - 1 // not after the last block
                        && useTanh)
                        z = tanh(z);
                }
                return z;
            }
        }
        """ + Affine;

    static readonly Lazy<Assembly> s_marked = new(() => Load(Marked));
    static readonly Lazy<Assembly> s_commented = new(() => Load(Commented));

    /// <summary>Compiles with no generator warning (CS8785: the generator threw) nor diagnostic, and loads.</summary>
    static Assembly Load(string source)
    {
        var r = Harness.Run(source);
        Assert.All(r.Run.Results, res => Assert.Null(res.Exception));
        Assert.Contains("partial class Affine", r.Generated);
        return Harness.Load(source);
    }

    static IGeneratedLayer New(Assembly assembly, string name, int depth) =>
        (IGeneratedLayer)Activator.CreateInstance(assembly.GetTypes().Single(t => t.Name == name), depth)!;

    [Theory]
    [InlineData(0, "\u0001")]
    [InlineData(2, "\u0001")]
    [InlineData(2, "a\u0001b")]
    [InlineData(1, "other")]
    public void A_raw_U0001_in_string_literals_compiles_and_keeps_its_meaning(int depth, string tag)
    {
        manual_seed(depth);
        var layer = New(s_marked.Value, "Marked", depth);
        layer.GetType().GetField("tag")!.SetValue(layer, tag);
        LayerRunner.Check(layer, n: 3, seed: depth);
    }

    [Fact]
    public void The_generated_code_has_the_students_U0001_back_and_no_placeholder_left()
    {
        var generated = Harness.Run(Marked).Generated;
        Assert.Contains("(tag == \"\u0001\")", generated);
        Assert.Contains("(\"\u0001\".Length + 1.0)", generated);
        Assert.DoesNotContain("\u0001U\u0001", generated);
    }

    [Theory]
    [InlineData(1, true, true, 1.5)]
    [InlineData(3, true, true, 1.5)]
    [InlineData(3, false, true, 1.5)]
    [InlineData(2, true, false, -0.5)]
    public void Comments_inside_multi_line_conditions_and_scalars_compile_and_run(int depth, bool useBias, bool useTanh, double scale)
    {
        manual_seed(10 + depth);
        var layer = New(s_commented.Value, "Commented", depth);
        var type = layer.GetType();
        type.GetField("useBias")!.SetValue(layer, useBias);
        type.GetField("useTanh")!.SetValue(layer, useTanh);
        type.GetField("scale")!.SetValue(layer, scale);
        LayerRunner.Check(layer, n: 2, seed: depth);
    }

    [Fact]
    public void The_generated_conditions_leave_the_comments_out()
    {
        var generated = Harness.Run(Commented).Generated;
        Assert.Contains("= useBias && scale > 0;", generated);
        Assert.Contains("(scale * 2.0)", generated);
        Assert.Contains("Add(i < blocks.Length - 1 && useTanh);", generated);
        Assert.DoesNotContain("the bias is optional", generated);
    }

    [Fact]
    public void The_stamp_copies_through_what_is_not_a_placeholder()
    {
        var map = new SourceMap("L.g.cs", "/src/L.cs", new[] { 7, 9 }.ToEquatableArray());
        string template = $"a{M}b\n{M}L1{M} {M}L5{M} {M}Q{M}{M}L0{M} {M}L{M} {M}Lx{M}\n{M}U{M}{M}F{M}\n#line {M}L1{M} {M}P{M}\ntail{M}";
        Assert.Equal($"a{M}b\n9 {M}L5{M} {M}Q{M}7 {M}L{M} {M}Lx{M}\n{M}L.cs\n#line 9 \"/src/L.cs\"\ntail{M}", SourceStamp.Apply(template, map));
    }
}
