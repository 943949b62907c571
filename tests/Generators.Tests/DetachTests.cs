namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// <c>detach()</c> in a <c>[Differentiable]</c> method: the same values, no gradient back through it, as on the tape
/// (the checks compare with the tape only: finite differences see through a detach). It is what EDU1037 asks for when a
/// value with a gradient goes to a sub-layer's [NonDifferentiable] input, and what EDU1031 accepts as a soft target.
/// </summary>
public class DetachTests
{
    const string Mse = """

        [Layer] public partial class Mse
        {
            [Differentiable] public Tensor Loss(Tensor z, [NonDifferentiable] Tensor t) => ((z - t) * (z - t)).mean();
        }
        """;

    static string Layer(string body) => Harness.Usings + "namespace T;\n" + $$"""
        [Layer]
        public partial class Outer
        {
            Parameter w, v, b;
            Mse mse = new Mse();
            Sub[] subs = [new Sub(), new Sub()];
            public Outer() { w = nn.Parameter(randn(3, 3, float64)); v = nn.Parameter(randn(3, 3, float64)); b = nn.Parameter(randn(3, float64)); }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                {{body}}
            }
        }
        [Layer] public partial class Sub { Parameter u; public Sub() { u = nn.Parameter(randn(3, 3, float64)); } [Differentiable] public Tensor Model(Tensor x) => tanh(x.matmul(u)); }
        """ + Mse;

    [Theory]
    // One use detached, one not: the gradient comes only through the other.
    [InlineData("var t = tanh(x.matmul(w));\nreturn t * t.detach() + b;")]
    // A detached value is a constant: a parameter behind it gets no gradient at all (v's grad stays zero).
    [InlineData("var t = x.matmul(v).detach();\nreturn tanh(x.matmul(w)) * t;")]
    // The model's own output as a sub-layer's [NonDifferentiable] target (EDU1037 without the detach).
    [InlineData("var z = tanh(x.matmul(w));\nreturn mse.Loss(z, (x.matmul(v) + b).detach());")]
    // A soft target for cross_entropy made by the model (EDU1031 without the detach).
    [InlineData("return nn.functional.cross_entropy(x.matmul(w) + b, softmax(x.matmul(v), 1).detach());")]
    // In a loop body, of a value from before the loop: that read gives no part, the other uses give the gradient.
    [InlineData("var g = tanh(x.matmul(w));\nvar h = x;\nforeach (var s in subs) h = s.Model(h) * g.detach() + g;\nreturn h;")]
    // The same when the body reads it only detached: the loop gives it no part.
    [InlineData("var g = tanh(x.matmul(w));\nvar h = x;\nforeach (var s in subs) h = s.Model(h) * g.detach();\nreturn h + g;")]
    // A value read both by a detached product and by the rest (x here): the detached product gives x no part.
    [InlineData("var p = x.matmul(v);\nvar q = p.detach();\nreturn tanh(x.matmul(w)) * q + p;")]
    public void The_generated_backward_sends_nothing_back_through_a_detach_as_the_tape_does(string body)
    {
        var assembly = Harness.Load(Layer(body));
        for (int seed = 0; seed < 2; seed++)
            LayerRunner.Check(assembly, "Outer", 3, seed, gradCheck: false);
    }

    [Fact]
    public void The_forward_reads_the_same_tensor_and_says_why()
    {
        var generated = Harness.Run(Layer("var t = tanh(x.matmul(w));\nreturn t * t.detach() + b;")).Generated;
        Assert.Contains("// t_detached = t.detach()   (the same tensor; the backward sends no gradient back through it)", generated);
        Assert.Contains("var t_detached = t;", generated);
    }
}
