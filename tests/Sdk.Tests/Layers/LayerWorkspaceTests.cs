using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Layers;

/// <summary>Generated layers' ops on their own: the results against the tape's, whatever layout the input has.</summary>
public class LayerWorkspaceTests
{
    [Fact]
    public void Transpose_writes_xT_for_a_contiguous_input_and_for_a_transposed_view()
    {
        var ws = new LayerWorkspace();
        var x = randn(3, 5, float64);
        Assert.Equal(x.T.data<double>().ToArray(), ws.Transpose("t", x).data<double>().ToArray());
        // x.T is a view whose storage is x's: its transpose is x itself.
        Assert.Equal(x.data<double>().ToArray(), ws.Transpose("u", x.T).data<double>().ToArray());
    }

    [Fact]
    public void A_column_times_a_matrix_sums_its_gradient_back_over_the_broadcast_dim()
    {
        // y = c * m with c (4, 1) and m (4, 3): dL/dc = Σ_j dL/dy ⊙ m over the broadcast columns.
        var ws = new LayerWorkspace();
        var c = randn(4, 1, float64);
        var m = randn(4, 3, float64);
        var g = randn(4, 3, float64);
        var expected = (g * m).sum(1, keepdim: true);
        var actual = ws.Mul("dL_dc", g, m, sumTo: c);
        Assert.Equal(new long[] { 4, 1 }, actual.shape);
        var e = expected.data<double>().ToArray();
        var a = actual.data<double>().ToArray();
        for (int i = 0; i < e.Length; i++) Assert.Equal(e[i], a[i], 12);
    }

    [Fact]
    public void A_sum_that_cannot_reach_the_target_shape_names_both_shapes()
    {
        var ws = new LayerWorkspace();
        var ex = Assert.Throws<ArgumentException>(() => ws.SumTo("dL_dz", randn(4, 3), randn(2, 3)));
        Assert.Contains("(4x3)", ex.Message);
        Assert.Contains("(2x3)", ex.Message);
    }
}
