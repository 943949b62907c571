using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Tensors;

[Trait("Category", "Tensors")]
public class ViewTests
{
    [Fact]
    public void Reshape_of_contiguous_data_shares_storage()
    {
        var x = arange(0.0, 6.0);
        var v = x.reshape(2, 3);
        v.add_(1);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, x.data<float>().ToArray());
        Assert.Equal(new long[] { 3, 2 }, x.view(-1, 2).shape);
    }

    [Fact]
    public void Reshape_refuses_sizes_that_do_not_fit()
    {
        var e = Assert.Throws<ArgumentException>(() => zeros(4, 5).reshape(3, -1));
        Assert.Equal("reshape: cannot reshape a tensor of shape (4x5) (20 elements) into (3, -1).", e.Message);
        e = Assert.Throws<ArgumentException>(() => zeros(4, 5).view(3, 7));
        Assert.Equal("view: cannot reshape a tensor of shape (4x5) (20 elements) into (3x7) (21 elements).", e.Message);
    }

    [Fact]
    public void Narrow_on_the_first_dim_is_a_mini_batch_view()
    {
        var x = arange(0.0, 12.0).reshape(4, 3);
        var batch = x.narrow(0, 1, 2);
        Assert.Equal(new float[] { 3, 4, 5, 6, 7, 8 }, batch.data<float>().ToArray());
        batch.zero_();
        Assert.Equal(0f, x.data<float>()[3]);
        Assert.Equal(new float[] { 9, 10, 11 }, x[3].data<float>().ToArray());
        Assert.Equal(new float[] { 0, 0, 0, 9, 10, 11 }, x[2..].data<float>().ToArray());
        Assert.Equal(11f, x[3, 2].item<float>());
        Assert.Equal(new float[] { 1, 2, 0, 0, 0, 0, 10, 11 }, x.narrow(1, 1, 2).data<float>().ToArray());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => x.narrow(0, 3, 2));
        Assert.StartsWith("narrow: rows 3..4 are outside dim 0 of size 4 (shape 4x3).", e.Message);
    }

    [Fact]
    public void Transpose_view_shares_storage_and_reads_as_the_transpose()
    {
        var x = tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var t = x.T;
        Assert.Equal(new long[] { 3, 2 }, t.shape);
        Assert.False(t.is_contiguous());
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, t.data<float>().ToArray());
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.T.data<float>().ToArray());
        Assert.True(t.T.is_contiguous());
        x.mul_(10);
        Assert.Equal(40f, t[0, 1].item<float>());
        Assert.Equal(new float[] { 11, 44, 22, 55, 33, 66 }, (t + t.contiguous().div(10)).data<float>().ToArray());
        Assert.Throws<InvalidOperationException>(() => t.view(6));
        Assert.Equal(new float[] { 10, 40, 20, 50, 30, 60 }, t.reshape(6).data<float>().ToArray());
    }

    [Fact]
    public void Transpose_of_higher_rank_swaps_dims()
    {
        var x = arange(0.0, 24.0).reshape(2, 3, 4);
        var y = x.transpose(0, 2);
        Assert.Equal(new long[] { 4, 3, 2 }, y.shape);
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++)
            Assert.Equal(x[i, j, k].item<float>(), y[k, j, i].item<float>());
    }

    [Fact]
    public void Flatten_squeeze_unsqueeze()
    {
        var x = zeros(2, 1, 3, 4);
        Assert.Equal(new long[] { 24 }, x.flatten().shape);
        Assert.Equal(new long[] { 2, 12 }, x.flatten(1).shape);
        Assert.Equal(new long[] { 2, 3, 4 }, x.squeeze().shape);
        Assert.Equal(new long[] { 2, 3, 4 }, x.squeeze(1).shape);
        Assert.Equal(new long[] { 2, 1, 3, 4 }, x.squeeze(0).shape);
        Assert.Equal(new long[] { 2, 1, 3, 4, 1 }, x.unsqueeze(-1).shape);
        Assert.Equal(new long[] { 1, 2, 1, 3, 4 }, x.unsqueeze(0).shape);
    }

    [Fact]
    public void Index_select_gathers_rows_and_checks_indices()
    {
        var x = arange(0.0, 6.0).reshape(3, 2);
        Assert.Equal(new float[] { 4, 5, 0, 1, 4, 5 }, x.index_select(0, tensor(new long[] { 2, 0, 2 })).data<float>().ToArray());
        Assert.Equal(new float[] { 1, 3, 5 }, x.index_select(1, tensor(new long[] { 1 })).data<float>().ToArray());
        var e = Assert.Throws<IndexOutOfRangeException>(() => x.index_select(0, tensor(new long[] { 3 })));
        Assert.Equal("index_select: index 3 at position 0 is out of range for dim 0 of size 3 (shape 3x2).", e.Message);
    }

    [Fact]
    public void Index_select_of_a_large_tensor_splits_the_copy_and_keeps_every_row()
    {
        // 3,000 rows of 400 floats (4.8 MB): large enough for the two-core gather.
        var x = arange(0.0, 3000 * 400).reshape(3000, 400);
        var perm = randperm(3000, new Generator(4));
        var r = x.index_select(0, perm);
        var p = perm.data<long>().ToArray();
        var got = r.data<float>();
        for (int k = 0; k < p.Length; k++)
            Assert.Equal(p[k] * 400f, got[k * 400]);
        Assert.Equal(p[^1] * 400f + 399, got[^1]);
    }

    [Fact]
    public void Cat_and_stack_join_along_a_dim()
    {
        var a = tensor(new float[,] { { 1, 2 } });
        var b = tensor(new float[,] { { 3, 4 }, { 5, 6 } });
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, cat([a, b]).data<float>().ToArray());
        Assert.Equal(new float[] { 1, 2, 1, 2 }, cat([a, a], 1).data<float>().ToArray());
        var s = stack([b, b], 1);
        Assert.Equal(new long[] { 2, 2, 2 }, s.shape);
        Assert.Equal(new float[] { 3, 4, 3, 4, 5, 6, 5, 6 }, s.data<float>().ToArray());
        var e = Assert.Throws<ArgumentException>(() => cat([a, b], 1));
        Assert.Equal("cat: tensor 1 has shape (2x2) but tensor 0 has (1x2); all sizes except dim 1 must match.", e.Message);
    }

    [Fact]
    public void One_hot_where_clamp_and_comparisons()
    {
        var oh = nn.functional.one_hot(tensor(new long[] { 2, 0 }), 3);
        Assert.Equal(new long[] { 0, 0, 1, 1, 0, 0 }, oh.data<long>().ToArray());
        Assert.Throws<ArgumentException>(() => nn.functional.one_hot(tensor(new long[] { 3 }), 3));
        var x = tensor(new float[] { -2, 0.5f, 3 });
        Assert.Equal(new[] { false, true, true }, x.gt(0).data<bool>().ToArray());
        Assert.Equal(new[] { true, false, false }, (x < 0).data<bool>().ToArray());
        Assert.Equal(new float[] { 0, 0.5f, 3 }, where(x.gt(0), x, zeros_like(x)).data<float>().ToArray());
        Assert.Equal(new float[] { -1, 0.5f, 1 }, x.clamp(-1, 1).data<float>().ToArray());
        Assert.Equal(new float[] { -2, 0.5f, 1 }, x.clamp_max(1).data<float>().ToArray());
        Assert.Equal(new float[] { 0, 0.5f, 3 }, x.relu().data<float>().ToArray());
        Assert.True(x.gt(-5).all().item<bool>());
        Assert.False(x.gt(5).any().item<bool>());
    }

    [Fact]
    public void Elementwise_functions_match_math()
    {
        var v = new[] { 0.1, 0.5, 1.0, 2.5 };
        var x = tensor(v);
        Expect.Close(v.Select(Math.Exp).ToArray(), x.exp(), 1e-15);
        Expect.Close(v.Select(a => Math.Log(a)).ToArray(), x.log(), 1e-15);
        Expect.Close(v.Select(Math.Sqrt).ToArray(), x.sqrt(), 1e-15);
        Expect.Close(v.Select(Math.Tanh).ToArray(), x.tanh(), 1e-15);
        Expect.Close(v.Select(a => 1 / (1 + Math.Exp(-a))).ToArray(), x.sigmoid(), 1e-15);
        Expect.Close(v.Select(a => Math.Pow(a, 1.5)).ToArray(), x.pow(1.5), 1e-15);
        Expect.Close([0.1, 0.5, 1.0, 2.5], x.neg().abs(), 0);
    }

    [Fact]
    public void Matmul_shape_errors_name_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => zeros(64, 784).matmul(zeros(300, 784)));
        Assert.Equal("matmul: cannot multiply (64x784) by (300x784); inner dimensions 784 and 300 differ", e.Message.TrimEnd('.'));
    }
}
