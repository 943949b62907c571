namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// A loop over sub-layers whose body reads values from before the loop besides the one it carries
/// (<c>foreach (var s in subs) h = s.Model(h) + x;</c>): each iteration gives the value a gradient, and the backward
/// sums them. Also an <c>if</c> inside the body reading a value from before the loop. Every case agrees with the tape
/// and GradCheck.
/// </summary>
public class LoopReadsOuterTests
{
    [Theory]
    // The method's input in every iteration, as a skip connection to the input.
    [InlineData("var h = x.matmul(w);\nforeach (var s in subs) h = s.Model(h) + x;\nreturn h;")]
    // A local made before the loop, read twice in the body and once after it; an indexed loop.
    [InlineData("var g = tanh(x.matmul(w));\nvar h = x;\nfor (int i = 0; i < subs.Length; i++) h = subs[i].Model(h * g) + g;\nreturn h + g;")]
    // Read by the sub-layer call itself, and kept per iteration (a product needs its value).
    [InlineData("var g = x.matmul(w) + b;\nvar h = x;\nforeach (var s in subs) h = s.Model(g) * h;\nreturn h;")]
    // A body that ends on the value from before the loop itself: its gradient there is the iteration's upstream,
    // summed before the upstream is handed to the iteration before.
    [InlineData("var g = tanh(x.matmul(w));\nvar h = x;\nforeach (var s in subs) h = g;\nreturn h * g;")]
    // An if inside the body reading a value from before the loop: the loop reads it, the branch reads the loop's.
    [InlineData("var g = x.matmul(w);\nvar h = x;\nforeach (var s in subs) { h = s.Model(h); if (flag) h = h + g; }\nreturn h;")]
    public void Agrees_with_the_tape_and_finite_differences(string body) =>
        FlagLayer.CheckWithFlag(FlagLayer.Source("Outer", body), 8, true, false);

    [Fact]
    public void The_backward_sums_what_the_iterations_give_the_value()
    {
        var r = Harness.Run(FlagLayer.Source("L", "var h = x.matmul(w);\nforeach (var s in subs) h = s.Model(h) + x;\nreturn h;"));
        Assert.Empty(r.GeneratorDiagnostics);
        string code = r.Generated;
        Assert.Contains("var x_in = x;", code, StringComparison.Ordinal);
        Assert.Contains("var dL_dx_from_h_2 = _ws.Zeros(\"dL_dx_from_h_2\", _x);", code, StringComparison.Ordinal);
        Assert.Contains("_ws.AddTo(dL_dx_from_h_2, ", code, StringComparison.Ordinal);
    }
}
