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

/// <summary>Products of a batch of rows: the forms a generated layer's forward and backward use, and the error for others.</summary>
public class LayerWorkspaceProductTests
{
    [Fact]
    public void A_batch_of_rows_times_a_weight_is_torch_matmul_and_its_weight_gradient_sums_every_row()
    {
        var ws = new LayerWorkspace();
        var x = randn(2, 3, 4, float64);
        var w = randn(4, 5, float64);
        var y = ws.MatMul("y", x, w);
        Assert.Equal(new long[] { 2, 3, 5 }, y.shape);
        Assert.Equal(x.matmul(w).data<double>().ToArray(), y.data<double>().ToArray());
        // xᵀ·dy over the six rows: the weight's gradient.
        var dy = randn(2, 3, 5, float64);
        var g = zeros(4, 5, float64);
        ws.AddMatMul(g, x, dy, transposeA: true);
        var expected = x.reshape(6, 4).T.matmul(dy.reshape(6, 5)).data<double>().ToArray();
        var actual = g.data<double>().ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 12);
    }

    [Fact]
    public void A_weight_times_a_batch_of_rows_is_refused_with_both_shapes()
    {
        // torch.matmul would broadcast w over the batch: another product, which generated layers do not compute.
        var ws = new LayerWorkspace();
        var e = Assert.Throws<ArgumentException>(() => ws.MatMul("z", randn(5, 3, float64), randn(2, 3, 4, float64)));
        Assert.Contains("(5x3) and (2x3x4)", e.Message);
    }
}
