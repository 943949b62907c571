using System.Reflection;
using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// Numbers that are not constants (a field, a call, the loop index) are evaluated once, by the forward, and the
/// backward reads the values the forward used, as the tape does: changing the fields between forward and backward, or
/// a call that returns another value when called again, leaves the gradient right. Before, the backward evaluated the
/// student's expression a second time.
/// </summary>
public class KeptNumberTests
{
    internal const string Source = """
        using System;
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Numbers;

        [Layer]
        public partial class Affine
        {
            Parameter w;
            public Affine() { w = nn.Parameter(randn(4, 4, float64) * 0.5); }
            [Differentiable]
            public Tensor Model(Tensor x) => tanh(x.matmul(w));
        }

        [Layer]
        public partial class Kept
        {
            Parameter w;
            Affine[] hidden = [new Affine(), new Affine(), new Affine()];
            public double scale = 1.5, exponent = 2.0;
            public long dim = 1;
            public bool keep = true;
            public int calls;
            public Kept() { w = nn.Parameter(randn(4, 4, float64)); }
            public static Tensor[] Inputs(int n) => [randn(n, 4, float64)];
            double Exponent() { calls++; return exponent; }
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = x.matmul(w) * scale;
                h = softmax(h, dim).pow(Exponent());
                for (int i = 0; i < hidden.Length; i++)
                {
                    h = hidden[i].Model(h) / (scale + i);
                    if (i % 2 == 0) h = h * (scale - i);
                }
                return h.sum(dim, keep);
            }
        }

        [Layer]
        public partial class Strided
        {
            Parameter c;
            public long stride = 2, pad = 1;
            public int step = 1;
            public Strided() { c = nn.Parameter(randn(2, 1, 3, 3, float64)); }
            public static Tensor[] Inputs(int n) => [randn(n, 1, 6, 5, float64)];
            [Differentiable]
            public Tensor Model(Tensor x) => conv2d(x, c, stride: stride, padding: pad) + conv2d(x, c, null, (stride, step), (pad, 0)).sum();
        }
        """;

    static readonly Lazy<Assembly> s_assembly = new(() => Harness.Load(Source));

    static dynamic NewLayer(long seed)
    {
        manual_seed(seed);
        return Activator.CreateInstance(s_assembly.Value.GetTypes().Single(t => t.Name == "Kept"))!;
    }

    [Theory]
    [InlineData(1, 11)]
    [InlineData(3, 12)]
    public void Generated_backward_matches_tape_and_finite_differences(int n, long seed) =>
        LayerRunner.Check((IGeneratedLayer)NewLayer(seed), n, seed);

    [Fact]
    public void A_convolution_keeps_its_stride_and_padding_pair()
    {
        var layer = (IGeneratedLayer)Activator.CreateInstance(s_assembly.Value.GetTypes().Single(t => t.Name == "Strided"))!;
        LayerRunner.Check(layer, 2, 7);
        var generated = Harness.Run(Source).Generated;
        Assert.Contains("long y_conv_stride = stride;", generated);
        Assert.Contains("(long H, long W) y_total_conv_stride = ((stride), (step));", generated);
        Assert.Contains("(long H, long W) y_total_conv_padding = ((pad), 0);", generated);
        Assert.Contains("_ws.AddConv2dWeightGrad(GradOf(c), dL_dy_conv, _x, c, _y_conv_stride, _y_conv_padding);", generated);
    }

    [Fact]
    public void Backward_uses_the_numbers_the_forward_read_after_the_fields_change()
    {
        dynamic layer = NewLayer(5);
        var x = randn(3, 4, float64);
        var r = randn(3, 1, float64);

        // The tape with the forward's values.
        var ps = ((IGeneratedLayer)layer).parameters();
        ((Tensor)layer.Model(x) * r).sum().backward();
        var expected = ps.Select(p => p.grad!.clone()).ToArray();
        ((IGeneratedLayer)layer).zero_grad();

        var y = (Tensor)layer.forward(x);
        Assert.Equal(new long[] { 3, 1 }, y.shape);
        int callsAfterForward = layer.calls;
        layer.scale = 4.0;
        layer.exponent = 3.0;
        layer.dim = 0L;
        layer.keep = false;
        layer.backward(r);

        Assert.Equal(callsAfterForward, (int)layer.calls);
        for (int i = 0; i < ps.Count; i++)
            LayerRunner.AssertClose(expected[i], ps[i].grad!, $"parameter {i}");
    }

    [Fact]
    public void The_forward_keeps_each_number_once_and_the_backward_reads_the_kept_value()
    {
        var generated = Harness.Run(Source).Generated;
        Assert.Contains("double h_factor = scale;", generated);
        Assert.Contains("double h_2_exponent = Exponent();", generated);
        // Called once: in the forward's declaration (the other mentions are comments, and the lean forward's Model).
        Assert.Single(generated.Split('\n'), line => line.Contains("Exponent()") && !line.TrimStart().StartsWith("//", StringComparison.Ordinal));
        Assert.Contains("_ws.Scale(\"dL_dx_w\", dL_dh, _h_factor)", generated);
        // Per iteration, and in the branch inside the loop with a zero where it did not run.
        Assert.Contains("readonly List<double> _h_3_divisor_at = new();", generated);
        Assert.Contains("ws.Scale(\"dL_dhidden_i_out\", dL_dh_3, 1.0 / _h_3_divisor_at[i])", generated);
        Assert.Contains("else _h_4_factor_at.Add(default);", generated);
        Assert.Contains("long softmax_h_dim = dim;", generated);
        Assert.Contains("bool _y_keepdim;", generated);
    }

    /// <summary>A conv2d layer whose arguments after (x, c) are <paramref name="convArgs"/>.</summary>
    static string ConvSource(string convArgs) => $$"""
        using System;
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace ReviewConv;

        [Layer]
        public partial class Conv
        {
            Parameter c;
            public int mode = 1;
            public long[,] strides = { { 1, 2 } };
            static long Pick<T, U>(long v) => v;
            static long Size(string s) => s.Length;
            public Conv() { c = nn.Parameter(randn(2, 1, 3, 3, float64)); }
            public static Tensor[] Inputs(int n) => [randn(n, 1, 7, 6, float64)];
            [Differentiable]
            public Tensor Model(Tensor x) => conv2d(x, c, {{convArgs}});
        }
        """;

    /// <summary>
    /// A kept stride or padding is a pair when the parser says so: guessing from the text (a comma inside the outer
    /// parentheses) took a switch's arms, type arguments or a two-dimensional index for a pair, and a ')' in a string
    /// for the end of one, and the layer did not compile (found by a review).
    /// </summary>
    [Theory]
    [InlineData("stride: mode switch { 0 => 1L, _ => 2L }")]
    [InlineData("stride: strides[0, 1]")]
    [InlineData("stride: Pick<int, long>(2)")]
    [InlineData("padding: mode switch { 0 => 0L, _ => 1L }")]
    [InlineData("null, (Size(\")\"), 1)")]
    public void A_conv2d_number_whose_text_has_a_comma_or_a_parenthesis_compiles_and_matches_the_tape(string convArgs)
    {
        var src = ConvSource(convArgs);
        var r = Harness.Run(src);
        Assert.True(r.CompileErrors.IsEmpty, "compile errors:\n" + string.Join("\n", r.CompileErrors) + "\n\n" + r.Generated);
        var assembly = Harness.Load(src);
        LayerRunner.Check(assembly, "Conv", 2, 3);
    }

    /// <summary>A layer whose method calls <c>Size()</c> (which counts its calls) once, in <paramref name="expression"/>.</summary>
    static string OnceSource(string expression) => $$"""
        using System;
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace ReviewOnce;

        [Layer]
        public partial class Once
        {
            Parameter c;
            public int calls;
            long Size() { calls++; return 2; }
            public Once() { c = nn.Parameter(randn(2, 1, 3, 3, float64)); }
            public static Tensor[] Inputs(int n) => [randn(n, 1, 7, 6, float64)];
            [Differentiable]
            public Tensor Model(Tensor x) => {{expression}};
        }
        """;

    /// <summary>
    /// One number made a (height, width) pair, because the call's other sizes are pairs, was written twice into the
    /// pair, so the training forward called <c>Size()</c> twice where the method calls it once (found by a review): it
    /// is now read once, by <c>LayerWorkspace.Both</c>. The same for adaptive_max_pool2d's one size, which was passed
    /// as two numbers.
    /// </summary>
    [Theory]
    [InlineData("nn.functional.conv2d(x, c, null, new long[] { Size() }, new long[] { 1, 0 })")]
    [InlineData("nn.functional.adaptive_max_pool2d(conv2d(x, c), Size())")]
    [InlineData("nn.functional.max_pool2d(conv2d(x, c), new long[] { Size() }, new long[] { 1 }, new long[] { 1, 0 })")]
    public void A_number_made_a_pair_is_read_once_by_the_forward(string expression)
    {
        var assembly = Harness.Load(OnceSource(expression));
        manual_seed(1);
        dynamic layer = Activator.CreateInstance(assembly.GetTypes().Single(t => t.Name == "Once"))!;
        var x = randn(2, 1, 7, 6, float64);

        layer.Model(x);
        Assert.Equal(1, (int)layer.calls);

        layer.calls = 0;
        layer.forward(x);
        Assert.Equal(1, (int)layer.calls);
        LayerRunner.Check((IGeneratedLayer)layer, 2, 4);
    }
}
