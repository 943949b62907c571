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

    [Fact]
    public void A_squared_parameter_and_a_squared_input_match_the_tape()
    {
        FlagLayer.CheckWithFlag(FlagLayer.Source("Outer", "return (x * x).matmul(w) + (b * b).sum();"), 53, true);
    }
}
