using FsCheck;
using FsCheck.Fluent;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Tensors;

[Trait("Category", "Tensors")]
public class BroadcastingTests
{
    static readonly (string Name, Func<Tensor, Tensor, Tensor> Op, Func<double, double, double> Ref)[] Ops =
    [
        ("add", (a, b) => a + b, (x, y) => x + y),
        ("sub", (a, b) => a - b, (x, y) => x - y),
        ("mul", (a, b) => a * b, (x, y) => x * y),
        ("div", (a, b) => a / b, (x, y) => x / y),
        ("maximum", maximum, Math.Max),
    ];

    [Fact]
    public void Binary_ops_match_naive_broadcasting_for_random_shapes()
    {
        var gen = from shapes in ShapeGen.BroadcastPair()
                  from a in ShapeGen.Values(Naive.Numel(shapes.A))
                  from b in ShapeGen.Values(Naive.Numel(shapes.B))
                  from op in Gen.Choose(0, Ops.Length - 1)
                  select (shapes, a, b, op);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (name, op, f) = Ops[c.op];
            var expected = Naive.Broadcast(c.a, c.shapes.A, c.b, c.shapes.B, f, out var shape);
            var got = op(ShapeGen.Make(c.a, c.shapes.A), ShapeGen.Make(c.b, c.shapes.B));
            Assert.Equal(shape.Select(d => (long)d), got.shape);
            Expect.Close(expected, got, 1e-12);
        }).Check(ShapeGen.Quick);
    }

    [Fact]
    public void Broadcasting_is_commutative_for_add_and_mul()
    {
        var gen = from shapes in ShapeGen.BroadcastPair()
                  from a in ShapeGen.Values(Naive.Numel(shapes.A))
                  from b in ShapeGen.Values(Naive.Numel(shapes.B))
                  select (shapes, a, b);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var x = ShapeGen.Make(c.a, c.shapes.A, ScalarType.Float32);
            var y = ShapeGen.Make(c.b, c.shapes.B, ScalarType.Float32);
            Assert.Equal((x + y).data<float>().ToArray(), (y + x).data<float>().ToArray());
            Assert.Equal((x * y).data<float>().ToArray(), (y * x).data<float>().ToArray());
            Assert.Equal((x + y).shape, (y + x).shape);
        }).Check(ShapeGen.Quick);
    }

    [Fact]
    public void Bias_row_is_added_to_every_row()
    {
        var x = tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = tensor(new float[] { 10, 20, 30 });
        Assert.Equal(new float[] { 11, 22, 33, 14, 25, 36 }, (x + b).data<float>().ToArray());
        Assert.Equal(new float[] { 9, 18, 27, 6, 15, 24 }, (b - x).data<float>().ToArray());
    }

    [Fact]
    public void Column_and_row_vectors_broadcast_to_a_matrix()
    {
        var col = tensor(new float[] { 1, 2 }, [2, 1]);
        var row = tensor(new float[] { 10, 20, 30 }, [1, 3]);
        var r = col * row;
        Assert.Equal(new long[] { 2, 3 }, r.shape);
        Assert.Equal(new float[] { 10, 20, 30, 20, 40, 60 }, r.data<float>().ToArray());
    }

    [Fact]
    public void Scalars_work_on_both_sides()
    {
        var x = tensor(new float[] { 1, 2, 4 });
        Assert.Equal(new float[] { 3, 4, 6 }, (x + 2).data<float>().ToArray());
        Assert.Equal(new float[] { 1, 0, -2 }, (2 - x).data<float>().ToArray());
        Assert.Equal(new float[] { 4, 2, 1 }, (4 / x).data<float>().ToArray());
        Assert.Equal(new float[] { 0.5f, 1, 2 }, (x / 2).data<float>().ToArray());
        Assert.Equal(new float[] { 1, 4, 16 }, x.pow(2).data<float>().ToArray());
        Assert.Equal(new float[] { -1, -2, -4 }, (-x).data<float>().ToArray());
        Assert.Equal(new float[] { 3, 6, 12 }, (3 * x).data<float>().ToArray());
    }

    [Fact]
    public void Size_zero_dims_broadcast_to_empty_results()
    {
        var r = zeros(0, 3) + ones(3);
        Assert.Equal(new long[] { 0, 3 }, r.shape);
        Assert.Equal(0, r.numel());
        Assert.Equal(new long[] { 2, 0 }, (zeros(2, 1) * zeros(0)).shape);
    }

    [Fact]
    public void In_place_ops_update_the_tensor_itself()
    {
        var w = tensor(new float[] { 1, 2, 3 });
        var g = tensor(new float[] { 10, 10, 10 });
        w.add_(g, -0.1);
        Assert.Equal(new float[] { 0, 1, 2 }, w.data<float>().ToArray());
        w.mul_(2).add_(1);
        Assert.Equal(new float[] { 1, 3, 5 }, w.data<float>().ToArray());
        var m = zeros(2, 3);
        m.add_(tensor(new float[] { 1, 2, 3 }));
        Assert.Equal(new float[] { 1, 2, 3, 1, 2, 3 }, m.data<float>().ToArray());
    }

    [Fact]
    public void Out_overloads_write_into_the_given_tensor()
    {
        var a = tensor(new float[] { 1, 2 });
        var o = zeros(2);
        var r = add(a, a, @out: o);
        Assert.Same(o, r);
        Assert.Equal(new float[] { 2, 4 }, o.data<float>().ToArray());
        var e = Assert.Throws<ArgumentException>(() => add(a, a, @out: zeros(3)));
        Assert.Equal("add: the output tensor has shape (3) but the result has shape (2).", e.Message);
    }

    [Fact]
    public void Mismatched_shapes_name_the_op_and_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => zeros(64, 10) + zeros(64, 3));
        Assert.Equal("add: cannot broadcast shapes (64x10) and (64x3); sizes 10 and 3 differ at dim -1 and neither is 1.", e.Message);
        e = Assert.Throws<ArgumentException>(() => zeros(2, 3) * zeros(3, 2));
        Assert.Equal("mul: cannot broadcast shapes (2x3) and (3x2); sizes 2 and 3 differ at dim -2 and neither is 1.", e.Message);
    }

    [Fact]
    public void Mixed_float_dtypes_and_integer_arithmetic_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => zeros(2) + zeros(2, dtype: float64));
        Assert.Equal("add: the operands have different dtypes (Float32 and Float64); convert one with .to(ScalarType.Float32) so both match.", e.Message);
        e = Assert.Throws<ArgumentException>(() => arange(3) * 2);
        Assert.Equal("mul: needs a Float32 or Float64 tensor, got Int64 (shape 3); convert it with .to(ScalarType.Float32).", e.Message);
    }
}
