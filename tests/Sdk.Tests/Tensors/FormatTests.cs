using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Tensors;

/// <summary>Expected strings are what PyTorch 1.13 prints for the same tensors.</summary>
[Trait("Category", "Tensors")]
public class FormatTests
{
    [Fact]
    public void Matrix_prints_like_pytorch()
    {
        var x = tensor(new float[,] { { 1.5f, -2 }, { 3.25f, 10 } });
        Assert.Equal("tensor([[ 1.5000, -2.0000],\n        [ 3.2500, 10.0000]])", x.ToString());
    }

    [Fact]
    public void Integer_valued_floats_print_with_a_trailing_dot()
    {
        Assert.Equal("tensor([0., 0., 1.])", tensor(new float[] { 0, 0, 1 }).ToString());
    }

    [Fact]
    public void Scalars_integers_bools_and_doubles()
    {
        Assert.Equal("tensor(3.1416)", tensor(3.14159f).ToString());
        Assert.Equal("tensor([1, 2, 3])", tensor(new long[] { 1, 2, 3 }).ToString());
        Assert.Equal("tensor([ True, False])", tensor(new[] { true, false }).ToString());
        Assert.Equal("tensor([0.5000, 0.2500], dtype=torch.float64)", tensor(new[] { 0.5, 0.25 }).ToString());
    }

    [Fact]
    public void Wide_ranges_switch_to_scientific_notation()
    {
        Assert.Equal("tensor([1.0000e-06, 3.0000e+03])", tensor(new float[] { 1e-6f, 3e3f }).ToString());
    }

    [Fact]
    public void Large_tensors_are_summarised()
    {
        var s = arange(2000).reshape(40, 50).ToString();
        Assert.StartsWith("tensor([[   0,    1,    2,  ...,   47,   48,   49],".Replace(" ...", "..."), s);
        Assert.Contains("        ...,\n", s);
        Assert.EndsWith("[1950, 1951, 1952, ..., 1997, 1998, 1999]])", s);
    }

    [Fact]
    public void Three_dimensional_tensors_separate_blocks_with_a_blank_line()
    {
        var s = arange(8).reshape(2, 2, 2).ToString();
        Assert.Equal("tensor([[[0, 1],\n         [2, 3]],\n\n        [[4, 5],\n         [6, 7]]])", s);
    }
}
