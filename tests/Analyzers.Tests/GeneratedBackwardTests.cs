using static Edu.Sdk.Analyzers.Tests.Harness;

namespace Edu.Sdk.Analyzers.Tests;

/// <summary>EDU0003: in autograd mode the generator's backwards are banned; the student's [Differentiable] method on the tape is not.</summary>
public class GeneratedBackwardTests
{
    const string Layers = """
        [Layer]
        public partial class Mlp
        {
            Parameter w1 = nn.Parameter(randn(4, 8)), b1 = nn.Parameter(zeros(8));
            [Differentiable]
            public Tensor Model(Tensor x) => relu(x.matmul(w1) + b1);
        }
        """;

    static readonly Project Autograd = new("autograd", Generator: true);

    [Fact]
    public void Calling_a_generated_backward_is_reported()
    {
        Expect(Usings + Layers + """

            class Student
            {
                void Train(Mlp m, Tensor x)
                {
                    var y = m.forward(x);
                    m.[|backward|](ones_like(y));
                    m.[|backward_parameters|](ones_like(y));
                    var z = m.[|call|](x);
                    Action<Tensor> b = m.[|backward_parameters|];
                    ((Edu.Sdk.Layers.IGeneratedLayer)m).[|Backward|](y);
                    var w = Edu.Sdk.Layers.LayerFunction.[|Apply|](m, x);
                    var s = nn.Sequential(nn.[|Layer|](m), new Edu.Sdk.Nn.[|LayerModule|](m));
                }
            }
            """, Autograd, "EDU0003");
    }

    [Fact]
    public void The_differentiable_method_on_the_tape_is_allowed()
    {
        Clean(Usings + Layers + """

            class Student
            {
                void Train(Mlp m, Tensor x)
                {
                    var loss = m.Model(x).sum();
                    loss.backward();
                    m.zero_grad();
                    var p = m.parameters();
                }
            }
            """, Autograd);
    }

    [Fact]
    public void Generated_backwards_are_allowed_in_free_mode()
    {
        Clean(Usings + Layers + """

            class Student
            {
                void Train(Mlp m, Tensor x) => m.backward(ones_like(m.forward(x)));
            }
            """, new Project("free", Generator: true));
    }

    [Fact]
    public void Trainer_Fit_over_a_generated_layer_is_reported_at_the_layer_it_is_given()
    {
        // Fit takes the layer as an IGeneratedLayer and runs its generated backward: the conversion hands the banned
        // type over without naming it (found by a review).
        Expect(Usings + Layers + """
            class Student
            {
                void Train(Mlp m, Edu.Sdk.Optim.Optimizer opt, Edu.Sdk.Data.Dataset train) =>
                    Edu.Sdk.Training.Trainer.Fit([|m|], (y, t) => ((y - t).pow(2).mean().item<double>(), 2 * (y - t)), opt, train);
            }
            """, Autograd, "EDU0003");
    }
}
