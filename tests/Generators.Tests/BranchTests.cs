using System.Reflection;

namespace Edu.Sdk.Generators.Tests;

/// <summary><c>if</c> on non-tensor values: every combination of branches agrees with the tape and GradCheck, and the backward replays the branch the forward took.</summary>
public class BranchTests
{
    static readonly Lazy<Assembly> s_branches = new(() => Harness.Load(Cases.All.Single(c => c.Name == "Branches").Source));

    [Theory]
    [InlineData(true, 2)]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    [InlineData(false, 0)]
    public void Every_combination_of_branches_matches_tape_and_finite_differences(bool useBias, int mode)
    {
        for (int seed = 0; seed < 3; seed++)
        {
            torch.manual_seed(seed);
            var layer = LayerRunner.Create(s_branches.Value, "Branches", out var type);
            type.GetField("useBias")!.SetValue(layer, useBias);
            type.GetField("mode")!.SetValue(layer, mode);
            LayerRunner.Check(layer, 1 + seed, seed);
        }
    }

    [Fact]
    public void The_backward_replays_the_branch_the_forward_took_even_if_the_flag_changed_since()
    {
        torch.manual_seed(3);
        var layer = LayerRunner.Create(s_branches.Value, "Branches", out var type);
        var x = LayerRunner.Inputs(type, 4);
        var y = layer.Forward(x);
        var r = torch.randn(y.shape, torch.float64);
        layer.zero_grad();
        layer.Backward(r, inputGradients: true);
        var expected = layer.parameters().Select(p => p.grad!.clone()).ToList();

        layer.zero_grad();
        layer.Forward(x);
        type.GetField("useBias")!.SetValue(layer, false);   // changed between forward and backward
        type.GetField("mode")!.SetValue(layer, 0);
        layer.Backward(r, inputGradients: true);
        for (int i = 0; i < expected.Count; i++)
            LayerRunner.AssertClose(expected[i], layer.parameters()[i].grad!, "dL/dp" + i);
    }

    [Fact]
    public void A_branch_that_reads_a_tensor_is_still_a_diagnostic()
    {
        var r = Harness.Run(Harness.Usings + """
            [Layer] public partial class L
            {
                Parameter w;
                public L() { w = nn.Parameter(randn(3, 3)); }
                [Differentiable] Tensor Model(Tensor x) { var z = x.matmul(w); if (z.sum().item<double>() > 0) z = z * 2.0; return z; }
            }
            """);
        Assert.Contains(r.GeneratorDiagnostics, d => d.Id == "EDU1012");
    }

    /// <summary>A layer whose method is <paramref name="body"/>, with a flag, two sub-layers and two weights.</summary>
    static string KeptAfterBranch(string body) => Harness.Usings + $$"""
        namespace T;
        [Layer] public partial class Sub { Parameter v; public Sub() { v = nn.Parameter(randn(3, 3, float64)); } [Differentiable] public Tensor Model(Tensor x) => tanh(x.matmul(v)); }
        [Layer]
        public partial class After
        {
            Parameter w, u;
            public bool flag = true;
            Sub[] subs = [new Sub(), new Sub()];
            public After() { w = nn.Parameter(randn(3, 3, float64)); u = nn.Parameter(randn(3, 2, float64)); }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                {{body}}
            }
        }
        """;

    /// <summary>
    /// The value after an if, read by a later product (h.matmul(u)) and by the branch's own backward (tanh keeps its
    /// output): both kept it, and the generated part declared the field _h_2 twice and did not compile. At the top
    /// level and per iteration of a loop, with the branch run and not.
    /// </summary>
    [Theory]
    [InlineData("var h = x.matmul(w);\nif (flag) h = tanh(h);\nreturn h.matmul(u);", true)]
    [InlineData("var h = x.matmul(w);\nif (flag) h = tanh(h);\nreturn h.matmul(u);", false)]
    [InlineData("if (flag) x = tanh(x);\nreturn x.matmul(u);", true)]
    [InlineData("var h = x.matmul(w);\nforeach (var s in subs) { if (flag) h = tanh(h); h = s.Model(h) * h; }\nreturn h.matmul(u);", true)]
    [InlineData("var h = x.matmul(w);\nforeach (var s in subs) { if (flag) h = tanh(h); h = s.Model(h) * h; }\nreturn h.matmul(u);", false)]
    public void A_value_kept_both_after_a_branch_and_inside_it_is_one_field(string body, bool flag)
    {
        var assembly = Harness.Load(KeptAfterBranch(body));
        torch.manual_seed(4);
        var layer = LayerRunner.Create(assembly, "After", out var type);
        type.GetField("flag")!.SetValue(layer, flag);
        LayerRunner.Check(layer, 3, 4);
    }
}
