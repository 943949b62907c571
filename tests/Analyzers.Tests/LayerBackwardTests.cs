using static Edu.Sdk.Analyzers.Tests.Harness;

namespace Edu.Sdk.Analyzers.Tests;

/// <summary>EDU0005 (a manual-mode [Layer] needs its own backward) and the [AutogradReference] exemption (EDU0006).</summary>
public class LayerBackwardTests
{
    static readonly Project Manual = new("manual", Generator: true);

    [Fact]
    public void A_manual_layer_without_backward_is_reported_at_its_name()
    {
        var d = Assert.Single(Expect(Usings + """
            [Layer]
            public partial class [|Mlp|]
            {
                Parameter w1 = nn.Parameter(randn(4, 8)), b1 = nn.Parameter(zeros(8)), w2 = nn.Parameter(randn(8, 3)), b2 = nn.Parameter(zeros(3));
                [Differentiable]
                Tensor Model(Tensor x)
                {
                    var h1 = relu(x.matmul(w1) + b1);
                    return h1.matmul(w2) + b2;
                }
            }
            """, Manual, "EDU0005"));
        Assert.Equal("x", d.Properties["Inputs"]);
        Assert.Equal("w1,b1,w2,b2", d.Properties["Parameters"]);
        Assert.Equal("y", d.Properties["Output"]);
        Assert.Equal("x,h1,y", d.Properties["Saved"]);
        Assert.Contains("Layer 'Mlp' has no backward", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_manual_layer_with_its_own_backward_is_clean()
    {
        Clean(Usings + """
            [Layer]
            public partial class Affine
            {
                Parameter w = nn.Parameter(randn(4, 3)), b = nn.Parameter(zeros(3));
                [Differentiable]
                Tensor Model(Tensor x) => x.matmul(w) + b;

                public Tensor backward(Tensor dL_dy)
                {
                    w.grad = saved.x.T.matmul(dL_dy);
                    b.grad = dL_dy.sum(0);
                    return dL_dy.matmul(w.T);
                }
            }
            """, Manual);
    }

    [Fact]
    public void Layers_are_not_checked_outside_manual_mode()
    {
        const string source = Usings + """
            [Layer]
            public partial class Affine
            {
                Parameter w = nn.Parameter(randn(4, 3));
                [Differentiable]
                Tensor Model(Tensor x) => x.matmul(w);
            }
            """;
        Clean(source, new Project("autograd", Generator: true));
        Clean(source, new Project(Generator: true));
    }

    const string Reference = """
        [Layer, AutogradReference]
        public partial class ReferenceMlp
        {
            Parameter w = nn.Parameter(randn(4, 3));
            [Differentiable]
            public Tensor Model(Tensor x) => relu(x.matmul(w));

            public Tensor Gradient(Tensor x)
            {
                w.grad = null;
                var loss = Model(x).sum();
                loss.backward();
                var net = nn.Sequential(nn.Linear(4, 3), nn.ReLU());
                backward(ones_like(forward(x)));
                return w.grad!;
            }
        }
        """;

    [Fact]
    public void An_autograd_reference_type_may_use_the_tape_modules_and_its_generated_backward()
    {
        Clean(Usings + Reference, Manual);
    }

    [Fact]
    public void When_the_rules_forbid_the_exemption_the_attribute_and_the_uses_are_reported()
    {
        var m = Markup(Usings + """
            [Layer, [|AutogradReference|]]
            public partial class ReferenceMlp
            {
                Parameter w = nn.Parameter(randn(4, 3));
                [Differentiable]
                public Tensor Model(Tensor x) => relu(x.matmul(w));

                public void Train(Tensor x) => Model(x).sum().[|backward|]();
            }
            """);
        var r = Analyze(m.Source, Manual with { Rules = "preset manual\nautograd-reference forbid\n" });
        Assert.Equal(["EDU0006", "EDU0001"], r.Diagnostics.Select(d => d.Id));
        Assert.Equal(m.Spans, r.Diagnostics.Select(d => d.Location.SourceSpan));
        Assert.Contains("assignment.rules (line 2)", r.Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
