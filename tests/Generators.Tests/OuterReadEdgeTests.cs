namespace Edu.Sdk.Generators.Tests;

/// <summary>Branches reading the values around them, the cases a review found wrong: reads that give no gradient, a branch ending on a parameter, a student name spelt like a read's gradient.</summary>
public class OuterReadEdgeTests
{
    static void Agrees(string body, params bool[] flags) => FlagLayer.CheckWithFlag(FlagLayer.Source("Outer", body), 5, flags);

    [Theory]
    // A value the branch reads without using it (an unused local): the branch gives it nothing, and its other part
    // (through x·w) is its whole gradient (it waited for the branch's part and was 0).
    [InlineData("var h = tanh(x.matmul(w));\nif (flag) { var t = x * 2.0; h = h + b; }\nreturn h;")]
    // The same with the read overwritten inside the branch (dL/dw through g = x·w was 0).
    [InlineData("var g = x.matmul(w);\nvar h = tanh(g);\nif (flag) { h = h + g; h = tanh(h) + b; h = x * 2.0; }\nreturn h + g;")]
    // The same in a branch of a loop body, per iteration; and a loop body that reads a value without using it.
    [InlineData("var h = x.matmul(w);\nforeach (var s in subs) { var g = s.Model(h); var u = tanh(g); if (flag) { var t = u * 2.0; h = g + b; } else h = u; }\nreturn h;")]
    [InlineData("var h = tanh(x.matmul(w));\nforeach (var s in subs) { var t = x * 2.0; h = s.Model(h); }\nreturn h;")]
    public void A_value_read_but_unused_by_the_branch_keeps_its_other_gradients(string body) => Agrees(body, true, false);

    [Theory]
    // A branch whose value becomes a parameter (h = b): the gradient at the branch's output goes into b's grad (it was
    // dropped: the body's walk skips leaves).
    [InlineData("var h = tanh(x.matmul(w));\nif (flag) h = b;\nreturn h * x;", true)]
    [InlineData("var h = tanh(x.matmul(w));\nif (flag) h = h + b;\nelse h = b;\nreturn h * x;", false)]
    public void A_branch_that_sets_its_value_to_a_parameter_gives_the_parameter_its_gradient(string body, bool flag) => Agrees(body, flag);

    [Fact]
    // The variable collecting a read's gradient (dL_dx_from_h_2) is named apart from the gradient of a student's local
    // named x_from_h_2 (both were dL_dx_from_h_2: CS0136).
    public void A_local_named_like_the_reads_gradient_does_not_clash() =>
        Agrees("var h = tanh(x.matmul(w));\nvar x_from_h_2 = x * 3.0;\nif (flag) h = h + x;\nreturn h * x_from_h_2;", true, false);
}
