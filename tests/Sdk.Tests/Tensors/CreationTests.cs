using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Tensors;

[Trait("Category", "Tensors")]
public class CreationTests
{
    [Fact]
    public void Tensor_from_a_rectangular_array_keeps_row_major_order()
    {
        var t = tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new long[] { 2, 3 }, t.shape);
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.data<float>().ToArray());
    }

    [Fact]
    public void Tensor_from_four_dimensional_double_array()
    {
        var a = new double[2, 1, 2, 3];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) for (int k = 0; k < 3; k++) a[i, 0, j, k] = i * 100 + j * 10 + k;
        var t = tensor(a);
        Assert.Equal(new long[] { 2, 1, 2, 3 }, t.shape);
        Assert.Equal(ScalarType.Float64, t.dtype);
        Assert.Equal(112, t.data<double>()[11]);
    }

    [Fact]
    public void Tensor_copies_its_source_array()
    {
        var src = new float[] { 1, 2 };
        var t = tensor(src);
        src[0] = 99;
        Assert.Equal(1f, t.data<float>()[0]);
    }

    [Fact]
    public void Tensor_with_a_shape_that_does_not_fit_the_data_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => tensor(new float[] { 1, 2, 3 }, [2, 2]));
        Assert.Equal("tensor: 3 values cannot fill shape (2x2), which holds 4.", e.Message);
    }

    [Fact]
    public void Zeros_ones_full_eye_have_the_requested_values()
    {
        Assert.All(zeros(2, 3).data<float>().ToArray(), v => Assert.Equal(0f, v));
        Assert.All(ones(4, dtype: float64).data<double>().ToArray(), v => Assert.Equal(1.0, v));
        Assert.All(full([2, 2], 7.5).data<float>().ToArray(), v => Assert.Equal(7.5f, v));
        Assert.Equal(new float[] { 1, 0, 0, 0, 1, 0 }, eye(2, 3).data<float>().ToArray());
    }

    [Fact]
    public void Arange_counts_like_python_range()
    {
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, arange(5).data<long>().ToArray());
        Assert.Equal(new long[] { 2, 5, 8 }, arange(2, 10, 3).data<long>().ToArray());
        Assert.Equal(new long[] { 5, 3, 1 }, arange(5, 0, -2).data<long>().ToArray());
        Assert.Empty(arange(3, 3).data<long>().ToArray());
        Assert.Equal(new float[] { 0, 0.5f, 1, 1.5f }, arange(0.0, 2.0, 0.5).data<float>().ToArray());
    }

    [Fact]
    public void Like_factories_copy_shape_and_dtype()
    {
        var x = zeros(3, 2, dtype: float64);
        var o = ones_like(x);
        Assert.Equal(x.shape, o.shape);
        Assert.Equal(ScalarType.Float64, o.dtype);
        Assert.Equal(ScalarType.Float32, zeros_like(x, float32).dtype);
        Assert.Equal(new long[] { 3, 2 }, randn_like(x).shape);
    }

    [Fact]
    public void Item_reads_one_element_and_refuses_more()
    {
        Assert.Equal(3.5f, tensor(3.5f).item<float>());
        Assert.Equal(3.5, tensor(3.5f).ToDouble());
        var e = Assert.Throws<InvalidOperationException>(() => zeros(2, 2).item<float>());
        Assert.StartsWith("item: the tensor has 4 elements (shape 2x2)", e.Message);
    }

    [Fact]
    public void Data_with_the_wrong_element_type_says_which_to_use()
    {
        var e = Assert.Throws<InvalidOperationException>(() => zeros(2).data<double>());
        Assert.Equal("data<Double>: the tensor's dtype is Float32, whose elements are Single; call data<Single>() or convert first with .to(ScalarType.Float64).", e.Message);
    }

    [Fact]
    public void To_converts_between_dtypes()
    {
        var t = tensor(new float[] { 1.9f, -2.7f, 0 });
        Assert.Equal(new double[] { 1.9f, -2.7f, 0 }, t.to(float64).data<double>().ToArray());
        Assert.Equal(new long[] { 1, -2, 0 }, t.to(int64).data<long>().ToArray());
        Assert.Equal(new[] { true, true, false }, t.to(ScalarType.Bool).data<bool>().ToArray());
        Assert.Same(t, t.to(float32));
        var e = Assert.Throws<ArgumentException>(() => tensor(new[] { float.NaN }).to(int64));
        Assert.Contains("is NaN, which has no integer value", e.Message);
    }

    [Fact]
    public void Clone_is_independent_and_copy_broadcasts()
    {
        var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var b = a.clone();
        b.fill_(0);
        Assert.Equal(1f, a.data<float>()[0]);
        b.copy_(tensor(new float[] { 7, 8 }));
        Assert.Equal(new float[] { 7, 8, 7, 8 }, b.data<float>().ToArray());
        var e = Assert.Throws<ArgumentException>(() => b.copy_(zeros(3)));
        Assert.Equal("copy_: cannot broadcast shapes (3) and (2x2); sizes 3 and 2 differ at dim -1 and neither is 1.", e.Message);
    }
}
