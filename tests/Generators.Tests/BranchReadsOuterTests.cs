namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// The arms of an <c>if</c> may read values from around them besides the one they carry (<c>if (useSkip) h = h + x;</c>):
/// the backward gives each of those values the branch's gradient when the branch ran and none when it did not. Every
/// case agrees with the tape and GradCheck, with the branch taken and not.
/// </summary>
public class BranchReadsOuterTests
{
    [Theory]
    // The method's input, once and twice in one expression, in a skip connection.
    [InlineData("var h = tanh(x.matmul(w));\nif (flag) h = h + x;\nreturn h;")]
    [InlineData("var h = tanh(x.matmul(w));\nif (flag) h = h * x + x;\nreturn h;")]
    // A local made before the if, read by the branch and again after it (its gradient has two parts).
    [InlineData("var g = x.matmul(w);\nvar h = tanh(g);\nif (flag) h = h * g;\nreturn h + g;")]
    // The value the if carries, read through another local: the branch reads its old value twice.
    [InlineData("var h = tanh(x.matmul(w));\nvar old = h;\nif (flag) h = h * old;\nreturn h;")]
    // Both arms, each reading another value.
    [InlineData("var g = x.matmul(w);\nvar h = tanh(g);\nif (flag) h = h + x;\nelse h = h * g + b;\nreturn h;")]
    // A branch in a loop body, reading a value of the body: per iteration.
    [InlineData("var h = x.matmul(w);\nforeach (var s in subs) { var g = s.Model(h); if (flag) h = h + g; else h = g; }\nreturn h;")]
    // Only the outer value reaches the output through the branch (the carried one is overwritten).
    [InlineData("var h = x.matmul(w);\nif (flag) h = tanh(x);\nreturn h;")]
    public void Agrees_with_the_tape_and_finite_differences_whether_the_branch_runs_or_not(string body) =>
        FlagLayer.CheckWithFlag(FlagLayer.Source("Outer", body), 5, true, false);


    [Fact]
    public void The_generated_backward_reads_as_the_branch_gradient_or_zero()
    {
        var r = Harness.Run(FlagLayer.Source("L", "var h = tanh(x.matmul(w));\nif (flag) h = h + x;\nreturn h;"));
        Assert.Empty(r.GeneratorDiagnostics);
        string code = r.Generated;
        Assert.Contains("var x_in = x;", code, StringComparison.Ordinal);
        Assert.Contains("Tensor? dL_dx_from_h_2 = null;", code, StringComparison.Ordinal);
        Assert.Contains("dL_dx_from_h_2 ?? _ws.Zeros(", code, StringComparison.Ordinal);
    }

    [Fact]
    public void In_a_manual_project_the_generated_forward_compiles_and_saves_the_values()
    {
        // Manual mode writes the forward and the Saved record, no backward: the branch's read still has to compile there.
        var r = Harness.Run(FlagLayer.Source("L", "var g = x.matmul(w);\nvar h = tanh(g);\nif (flag) h = h * g + x;\nreturn h;"), "manual");
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Empty(r.CompileErrors.Where(e => e.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));
    }

    [Fact]
    public void A_non_differentiable_input_read_by_a_branch_gets_no_gradient_and_the_rest_agree()
    {
        // A loss whose branch reads its target: the target carries no gradient, so the branch gives it none.
        var assembly = Harness.Load(Harness.Usings + """
            namespace T;
            [Layer]
            public partial class WeightedLoss
            {
                Parameter w;
                public bool weighted = true;
                public WeightedLoss() { w = nn.Parameter(randn(3, 2, float64)); }
                public static Tensor[] Inputs(int n) => [randn(n, 3, float64), rand(n, 2, float64)];
                [Differentiable]
                public Tensor Loss(Tensor x, [NonDifferentiable] Tensor t)
                {
                    var e = tanh(x.matmul(w)) - t;
                    if (weighted) e = e * t;
                    return (e * e).mean();
                }
            }
            """);
        foreach (bool weighted in new[] { true, false })
        {
            torch.manual_seed(7);
            var layer = LayerRunner.Create(assembly, "WeightedLoss", out var type);
            type.GetField("weighted")!.SetValue(layer, weighted);
            LayerRunner.Check(layer, 4, 7);
        }
    }
}
