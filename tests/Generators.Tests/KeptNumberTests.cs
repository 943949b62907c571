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
}
