using FsCheck;
using FsCheck.Fluent;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Tensors;

[Trait("Category", "Tensors")]
public class ReductionTests
{
    [Fact]
    public void Sum_over_each_dim_matches_naive_sums()
    {
        var gen = from dims in ShapeGen.Shape().Where(d => d.Length > 0)
                  from values in ShapeGen.Values(Naive.Numel(dims))
                  from dim in Gen.Choose(-dims.Length, dims.Length - 1)
                  from keep in ArbMap.Default.GeneratorFor<bool>()
                  select (dims, values, dim, keep);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            int d = c.dim < 0 ? c.dim + c.dims.Length : c.dim;
            var expected = Naive.SumDim(c.values, c.dims, d);
            var got = ShapeGen.Make(c.values, c.dims).sum(c.dim, c.keep);
            var shape = c.dims.Select((s, i) => i == d ? 1L : s).Where((s, i) => c.keep || i != d).ToArray();
            Assert.Equal(shape, got.shape);
            Expect.Close(expected, got, 1e-12);
        }).Check(ShapeGen.Quick);
    }

    [Fact]
    public void Sum_and_mean_of_everything()
    {
        var x = tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(21f, x.sum().item<float>());
        Assert.Equal(3.5f, x.mean().item<float>());
        Assert.Equal(new float[] { 2.5f, 3.5f, 4.5f }, x.mean(0).data<float>().ToArray());
        Assert.Equal(new float[] { 2, 5 }, x.mean(-1).data<float>().ToArray());
        Assert.Equal(new long[] { 2, 1 }, x.mean(1, keepdim: true).shape);
        Assert.Equal(21f, x.sum([0, 1]).item<float>());
        Assert.Equal(new long[] { 1, 1 }, x.mean([0, 1], keepdim: true).shape);
    }

    [Fact]
    public void Sum_of_a_bool_mask_counts_its_true_values()
    {
        var pred = tensor(new long[] { 1, 2, 3, 4 });
        var labels = tensor(new long[] { 1, 0, 3, 0 });
        var hits = pred.eq(labels).sum();
        Assert.Equal(ScalarType.Int64, hits.dtype);
        Assert.Equal(2L, hits.item<long>());
    }

    [Fact]
    public void Max_min_and_argmax_along_a_dim()
    {
        var x = tensor(new float[,] { { 1, 9, 3 }, { 7, 2, 7 } });
        var (values, indexes) = x.max(1);
        Assert.Equal(new float[] { 9, 7 }, values.data<float>().ToArray());
        Assert.Equal(new long[] { 1, 0 }, indexes.data<long>().ToArray());   // ties: the first index
        Assert.Equal(new long[] { 1, 0, 1 }, x.argmax(0).data<long>().ToArray());
        Assert.Equal(new float[] { 1, 2, 3 }, x.min(0).values.data<float>().ToArray());
        Assert.Equal(9f, x.max().item<float>());
        Assert.Equal(1f, x.min().item<float>());
        Assert.Equal(1L, x.argmax().item<long>());
        Assert.Equal(new long[] { 2, 1 }, x.argmax(1, keepdim: true).shape);
    }

    [Fact]
    public void Max_propagates_nan_like_pytorch()
    {
        var x = tensor(new float[,] { { 1, 2, 3 }, { 4, float.NaN, 6 } });
        Assert.True(float.IsNaN(x.max().item<float>()));
        Assert.True(float.IsNaN(x.max(1).values.data<float>()[1]));
        Assert.Equal(1L, x.max(1).indexes.data<long>()[1]);
        Assert.True(float.IsNaN(x.max(0).values.data<float>()[1]));
        Assert.Equal(1L, x.max(0).indexes.data<long>()[1]);
        Assert.Equal(6f, x.max(0).values.data<float>()[2]);
    }

    [Fact]
    public void Reductions_over_size_one_and_empty_dims()
    {
        Assert.Equal(new float[] { 1, 2 }, tensor(new float[] { 1, 2 }, [2, 1]).sum(1).data<float>().ToArray());
        Assert.Equal(new float[] { 0, 0, 0 }, zeros(0, 3).sum(0).data<float>().ToArray());
        Assert.True(float.IsNaN(zeros(0).mean().item<float>()));
        var e = Assert.Throws<InvalidOperationException>(() => zeros(0, 3).max(0));
        Assert.Equal("max: dim 0 of shape (0x3) is empty; there is nothing to compare.", e.Message);
    }

    [Fact]
    public void Logsumexp_is_stable_for_large_inputs()
    {
        var x = tensor(new double[,] { { 1000, 1000 }, { -1000, -1000 }, { 0, Math.Log(3) } });
        Expect.Close([1000 + Math.Log(2), -1000 + Math.Log(2), Math.Log(4)], x.logsumexp(1), 1e-14);
        Assert.Equal(new long[] { 3, 1 }, x.logsumexp(1, keepdim: true).shape);
    }

    [Fact]
    public void Out_of_range_dims_say_which_dims_exist()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => zeros(64, 784).sum(2));
        Assert.StartsWith("sum: dim 2 is out of range for a tensor of shape (64x784); use a dim in [-2, 1].", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => zeros(3).softmax(-2));
        Assert.StartsWith("softmax: dim -2 is out of range for a tensor of shape (3); use a dim in [-1, 0].", e.Message);
    }
}
