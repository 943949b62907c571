using FsCheck;
using FsCheck.Fluent;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Tensors;

[Trait("Category", "Tensors")]
public class SoftmaxTests
{
    [Fact]
    public void Huge_logits_give_an_exact_one_hot_without_nan()
    {
        var p = tensor(new float[] { 1000, 10000, 100000 }).softmax(0);
        Assert.Equal(new float[] { 0, 0, 1 }, p.data<float>().ToArray());
        var lp = tensor(new float[] { 1000, 10000, 100000 }).log_softmax(0);
        Assert.Equal(new float[] { -99000, -90000, 0 }, lp.data<float>().ToArray());
    }

    [Fact]
    public void Softmax_of_known_values()
    {
        // softmax([0, ln 2, ln 3]) = [1, 2, 3] / 6
        var p = tensor(new double[] { 0, Math.Log(2), Math.Log(3) }).softmax(0);
        Expect.Close([1 / 6.0, 2 / 6.0, 3 / 6.0], p, 1e-15);
    }

    static Gen<(int[] Dims, double[] Values, int Dim)> Cases(double scale) =>
        from dims in ShapeGen.Shape(maxRank: 3, maxSize: 6).Where(d => d.Length > 0)
        from values in ShapeGen.Values(Naive.Numel(dims), scale)
        from dim in Gen.Choose(-dims.Length, dims.Length - 1)
        select (dims, values, dim);

    [Fact]
    public void Softmax_rows_sum_to_one_and_never_produce_nan_for_any_finite_input()
    {
        Prop.ForAll(Cases(1e6).ToArbitrary(), c =>
        {
            var p = ShapeGen.Make(c.Values, c.Dims, ScalarType.Float32).softmax(c.Dim);
            var values = p.data<float>().ToArray();
            Assert.All(values, v => Assert.True(v is >= 0 and <= 1, $"softmax value {v} outside [0, 1]"));
            var sums = p.sum(c.Dim).data<float>().ToArray();
            Assert.All(sums, s => Assert.InRange(s, 1 - 1e-5f, 1 + 1e-5f));
        }).Check(ShapeGen.Quick);
    }

    [Fact]
    public void Log_softmax_equals_log_of_softmax_where_both_are_finite()
    {
        Prop.ForAll(Cases(20).ToArbitrary(), c =>
        {
            var x = ShapeGen.Make(c.Values, c.Dims);
            Expect.Close(Expect.Values(x.softmax(c.Dim).log()), x.log_softmax(c.Dim), 1e-12);
        }).Check(ShapeGen.Quick);
    }

    [Fact]
    public void Softmax_along_a_middle_dim_matches_the_formula()
    {
        var x = randn(2, 3, 4, dtype: float64, generator: new Generator(5));
        var expected = x.exp() / x.exp().sum(1, keepdim: true);
        Expect.Close(Expect.Values(expected), x.softmax(1), 1e-14);
    }
}
