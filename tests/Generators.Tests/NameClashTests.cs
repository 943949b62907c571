using System.Reflection;
using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// Members named like the locals the generator invents (<c>p</c> for cross_entropy's probabilities, <c>y_sum</c>,
/// <c>ws</c> and <c>i</c> for a loop's workspace and index) and read by the method: the generated locals take other
/// names, the code compiles and matches the tape and GradCheck.
/// </summary>
public class NameClashTests
{
    public const string Source = """
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Clash;

        [Layer]
        public partial class Affine
        {
            Parameter w, b;
            public Affine(int n) { w = nn.Parameter(randn(n, n, float64) * 0.5); b = nn.Parameter(randn(n, float64) * 0.1); }
            [Differentiable]
            public Tensor Model(Tensor x) => x.matmul(w) + b;
        }

        [Layer]
        public partial class ClashingLoss
        {
            Parameter w;
            Affine[] blocks;
            public double p = 0.5, y_sum = 0.25, ws = 1.5;
            public int i = 1;
            public ClashingLoss(int depth)
            {
                w = nn.Parameter(randn(3, float64));
                blocks = new Affine[depth];
                for (int k = 0; k < depth; k++) blocks[k] = new Affine(3);
            }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64), randint(0, 3, [n])];
            [Differentiable]
            public Tensor Loss(Tensor z, [NonDifferentiable] Tensor t)
            {
                foreach (var d in blocks)
                {
                    z = d.Model(z) * (ws + i);
                    if (i > 0) z = tanh(z) * ws;
                }
                return (nn.functional.cross_entropy(z * w * p, t) + (z * z).mean() * y_sum) * ws;
            }
        }
        """;

    static readonly Lazy<Assembly> s_assembly = new(() => Harness.Load(Source));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void A_loss_with_members_named_like_generated_locals_matches_the_tape_and_GradCheck(int depth)
    {
        manual_seed(40 + depth);
        var layer = (IGeneratedLayer)Activator.CreateInstance(s_assembly.Value.GetTypes().Single(t => t.Name == "ClashingLoss"), depth)!;
        LayerRunner.Check(layer, n: 4, seed: depth);
    }

    [Fact]
    public void The_generated_locals_take_the_next_free_names()
    {
        var generated = Harness.Run(Source).Generated;
        Assert.Contains("out var p_2)", generated);
        Assert.Contains("var y_sum_2 = ", generated);
        Assert.Contains("var ws_2 = _ws.Loop(i_2);", generated);
        Assert.DoesNotContain("out var p)", generated);
        Assert.DoesNotContain("var ws = ", generated);
    }
}
