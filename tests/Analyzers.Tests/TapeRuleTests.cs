using static Edu.Sdk.Analyzers.Tests.Harness;

namespace Edu.Sdk.Analyzers.Tests;

/// <summary>EDU0001: in manual mode the tape is banned, however the student spells it.</summary>
public class TapeRuleTests
{
    static readonly Project Manual = new("manual");

    [Fact]
    public void Backward_on_a_tensor_is_reported_on_its_name()
    {
        Expect(Usings + """
            class Student
            {
                void Train(Tensor w, Tensor x)
                {
                    var loss = x.matmul(w).sum();
                    loss.[|backward|]();
                    loss?.[|backward|](retain_graph: true);
                }
            }
            """, Manual, "EDU0001");
    }

    [Fact]
    public void Requires_grad_is_reported_as_property_get_set_and_method()
    {
        Expect(Usings + """
            class Student
            {
                bool Setup(Tensor w)
                {
                    w.[|requires_grad|] = true;
                    w.[|requires_grad_|]();
                    return w.[|requires_grad|] && w.[|grad_fn|] is null;
                }
            }
            """, Manual, "EDU0001");
    }

    [Fact]
    public void Method_groups_and_delegates_are_reported()
    {
        Expect(Usings + """
            class Student
            {
                void Train(Tensor loss, Tensor w)
                {
                    Action<Tensor?, bool> run = loss.[|backward|];
                    Func<Tensor, Tensor, bool, Tensor> g = autograd.[|grad|];
                    var calls = new Action[] { () => loss.[|backward|]() };
                }
            }
            """, Manual, "EDU0001");
    }

    [Fact]
    public void Torch_autograd_is_reported_through_the_prefix_an_alias_and_using_static()
    {
        Expect("""
            using Edu.Sdk;
            using AG = Edu.Sdk.torch.autograd;
            using static Edu.Sdk.torch.autograd;
            class Student
            {
                void Check(torch.Tensor loss, torch.Tensor w)
                {
                    var a = torch.autograd.[|grad|](loss, w);
                    var b = AG.[|grad|](loss, w);
                    var c = [|grad|](loss, w);
                    var d = Edu.Sdk.torch.autograd.[|grad|]([loss], [w]);
                }
            }
            """, Manual, "EDU0001");
    }

    [Fact]
    public void A_custom_differentiable_function_is_reported_at_its_base_and_each_use()
    {
        Expect(Usings + """
            using Edu.Sdk.Nn;
            class Square : autograd.[|SingleTensorFunction|]<Square>
            {
                public override string Name => "square";
                public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
                {
                    var x = (Tensor)vars[0];
                    ctx.[|save_for_backward|](x);
                    return x * x;
                }
                public override System.Collections.Generic.List<Tensor?> backward(autograd.AutogradContext ctx, Tensor g) =>
                    [g * 2 * ctx.[|saved_tensors|][0]];
            }
            class Student
            {
                Tensor Use(Tensor x) => Square.[|apply|](x);
            }
            """, Manual, "EDU0001");
    }

    [Fact]
    public void Nameof_is_not_a_use()
    {
        Clean(Usings + """
            class Student
            {
                string[] Names() => [nameof(Tensor.backward), nameof(Tensor.requires_grad), nameof(autograd.grad)];
            }
            """, Manual);
    }

    [Fact]
    public void The_tape_is_allowed_in_autograd_and_free_modes()
    {
        const string source = Usings + """
            class Student
            {
                void Train(Tensor w, Tensor x)
                {
                    w.requires_grad = true;
                    var loss = x.matmul(w).sum();
                    loss.backward();
                    var g = autograd.grad(loss, w);
                }
            }
            """;
        Clean(source, new Project("autograd"));
        Clean(source, new Project("free"));
        Clean(source, new Project());
    }

    [Fact]
    public void The_message_names_the_symbol_the_rule_and_what_to_do()
    {
        var d = Assert.Single(Expect(Usings + """
            class Student { void Train(Tensor loss) => loss.[|backward|](); }
            """, Manual, "EDU0001"));
        string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("torch.Tensor.backward(", message);
        Assert.Contains("the manual assignment mode", message);
        Assert.Contains("write the gradient with tensor operations", message);
        Assert.Equal(DiagnosticSeverityError, d.Severity);
        Assert.EndsWith("docs/diagnostics/EDU0001.md", d.Descriptor.HelpLinkUri);
        Assert.Equal("M:Edu.Sdk.torch.Tensor.backward(Edu.Sdk.torch.Tensor,System.Boolean)", d.Properties["Symbol"]);
    }

    const Microsoft.CodeAnalysis.DiagnosticSeverity DiagnosticSeverityError = Microsoft.CodeAnalysis.DiagnosticSeverity.Error;
}
