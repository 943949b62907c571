using System.Reflection;
using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// A sub-layer called in both arms of an <c>if</c>/<c>else</c> runs once per forward (per iteration in a loop): no
/// EDU1025, and the backward of the arm the forward took matches the tape and GradCheck.
/// </summary>
public class BranchArmsTests
{
    public const string Source = """
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Arms;

        [Layer]
        public partial class Affine
        {
            Parameter w, b;
            public Affine(int n) { w = nn.Parameter(randn(n, n, float64) * 0.5); b = nn.Parameter(randn(n, float64) * 0.1); }
            [Differentiable]
            public Tensor Model(Tensor x) => x.matmul(w) + b;
        }

        [Layer]
        public partial class Alternating
        {
            Affine first, last;
            Affine[] hidden;
            public bool squash = true;
            public Alternating(int depth)
            {
                first = new Affine(3);
                last = new Affine(3);
                hidden = new Affine[depth];
                for (int i = 0; i < depth; i++) hidden[i] = new Affine(3);
            }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = first.Model(x);
                for (int i = 0; i < hidden.Length; i++)
                {
                    if (i == 0) h = hidden[i].Model(h);
                    else h = tanh(hidden[i].Model(h));
                }
                if (squash) h = sigmoid(last.Model(h));
                else h = last.Model(h);
                return h;
            }
        }
        """;

    static readonly Lazy<Assembly> s_assembly = new(() => Harness.Load(Source));

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(3, false)]
    [InlineData(0, false)]
    public void A_sub_layer_called_in_both_arms_matches_the_tape_and_GradCheck(int depth, bool squash)
    {
        manual_seed(30 + depth);
        var layer = (IGeneratedLayer)Activator.CreateInstance(s_assembly.Value.GetTypes().Single(t => t.Name == "Alternating"), depth)!;
        layer.GetType().GetField("squash")!.SetValue(layer, squash);
        LayerRunner.Check(layer, n: 3, seed: depth);
    }

    [Fact]
    public void Calling_it_again_after_the_if_is_still_EDU1025()
    {
        var source = Source.Replace("return h;", "return last.Model(h);");
        var d = Assert.Single(Harness.Run(source).GeneratorDiagnostics);
        Assert.Equal("EDU1025", d.Id);
        Assert.Equal("last.Model(h)", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
    }
}
