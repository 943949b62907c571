using static Edu.Sdk.Analyzers.Tests.Harness;

namespace Edu.Sdk.Analyzers.Tests;

/// <summary>EDU0007 and EDU0008: what the rules cannot resolve to a symbol is a warning, not an error.</summary>
public class SuspiciousTests
{
    static readonly Project Manual = new("manual");

    [Fact]
    public void A_banned_member_name_on_a_dynamic_receiver_is_a_warning()
    {
        var diagnostics = Expect(Usings + """
            class Student
            {
                void Train(dynamic loss, dynamic w)
                {
                    loss.[|backward|]();
                    w.[|requires_grad|] = true;
                    var s = loss.sum();
                }
            }
            """, Manual with { Extra = [Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(Microsoft.CSharp.RuntimeBinder.Binder).Assembly.Location)] }, "EDU0007");
        Assert.All(diagnostics, d => Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, d.Severity));
    }

    [Fact]
    public void Reflection_by_a_banned_name_is_a_warning_at_the_string()
    {
        Expect(Usings + """
            class Student
            {
                void Sneak(Tensor loss)
                {
                    loss.GetType().GetMethod([|"backward"|])!.Invoke(loss, [null, false]);
                    typeof(Tensor).GetProperty([|"requires_grad"|]);
                    var t = Type.GetType([|"Edu.Sdk.Nn.Linear, Edu.Sdk"|]);
                    typeof(Student).GetMethod("backward");
                    typeof(Tensor).GetMethod("matmul");
                }
                public void backward() { }
            }
            """, Manual, "EDU0008");
    }

    [Fact]
    public void Backward_with_a_dynamic_argument_on_a_known_tensor_is_an_error()
    {
        // The receiver is a Tensor and every Tensor.backward is banned: the run-time choice cannot escape the rule
        // (it was only the EDU0007 warning, so the build passed; found by a review).
        Expect(Usings + """
            class Student
            {
                void Run(Tensor loss, dynamic g) => loss.[|backward|](g);
            }
            """, Manual, "EDU0001");
    }

    [Fact]
    public void A_dynamic_argument_to_autograd_grad_is_reported()
    {
        // A static call with a dynamic argument: grad is banned through the namespace wildcard, which the
        // name-only check of dynamic calls did not know.
        Expect(Usings + """
            class Student
            {
                object Run(dynamic loss, Tensor w) => autograd.[|grad|](loss, w);
            }
            """, Manual, "EDU0001");
    }

    [Fact]
    public void A_dynamic_argument_to_a_module_constructor_is_reported()
    {
        Expect(Usings + """
            class Student
            {
                object Run(dynamic n) => new [|Linear|](n, 1);
            }
            """, Manual, "EDU0002");
    }
}
