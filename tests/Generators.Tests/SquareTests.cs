namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// y = a ⊙ a gives a one part, 2·dL/dy ⊙ a: before, the backward wrote the same product twice (dL_dh_part2 and
/// dL_dh_part3) and added them (noted by a review).
/// </summary>
public class SquareTests
{
    [Fact]
    public void A_square_gives_its_operand_one_part()
    {
        var source = FlagLayer.Source("Outer", "var h = x.matmul(w);\nreturn h * h + h;");
        var generated = Harness.Run(source).Generated;
        Assert.Contains("// dL/dh (through h_h) = 2 · dL/dh_h ⊙ h", generated);
        // Once in the backward (DescribeBackward repeats it as text).
        var backward = generated[..generated.IndexOf("public string DescribeBackward", StringComparison.Ordinal)];
        Assert.Single(backward.Split('\n'), l => l.Contains("_ws.SquareBackward(", StringComparison.Ordinal));
        Assert.DoesNotContain("dL_dh_part3", generated);
        FlagLayer.CheckWithFlag(source, 51, true);
    }

    [Theory]
    [InlineData("h.pow(2)", "// dL/dh = 2 · dL/dy ⊙ h")]
    [InlineData("h.pow(3)", "// dL/dh = 3 · dL/dy ⊙ h^2")]
    [InlineData("h.pow(1)", "// dL/dh = 1 · dL/dy")]
    [InlineData("h.pow(0.5)", "// dL/dh = 0.5 · dL/dy ⊙ h^(-0.5)")]
    [InlineData("h.pow(scale)", "// dL/dh = (scale) · dL/dy ⊙ h^((scale) − 1)")]
    public void A_power_comment_works_out_the_lower_exponent_of_a_constant(string power, string comment)
    {
        var source = FlagLayer.Source("Outer", $"var h = sigmoid(x.matmul(w)) + 1.0;\nreturn {power};").Replace("public bool flag", "public double scale = 1.5;\n    public bool flag");
        var generated = Harness.Run(source).Generated;
        Assert.Contains(comment + "\n", generated.Replace("\r\n", "\n"));
        FlagLayer.CheckWithFlag(source, 57, true);
    }

    [Fact]
    public void A_squared_parameter_and_a_squared_input_match_the_tape()
    {
        FlagLayer.CheckWithFlag(FlagLayer.Source("Outer", "return (x * x).matmul(w) + (b * b).sum();"), 53, true);
    }
}
