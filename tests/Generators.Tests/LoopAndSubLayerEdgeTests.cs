namespace Edu.Sdk.Generators.Tests;

/// <summary>Loop bodies and sub-layer calls, the cases a review found wrong: a body that does not read its carried value, a value passed to a sub-layer's [NonDifferentiable] input, one value passed as two arguments.</summary>
public class LoopAndSubLayerEdgeTests
{
    static void Agrees(string source, params bool[] flags) => FlagLayer.CheckWithFlag(source, 5, flags);

    [Theory]
    // A loop body whose result does not read the carried value (it reads x instead): the zero gradient for the carried
    // input keeps h_2_in per iteration for its shape, so the forward declares it (it did not: CS0103).
    [InlineData("var h = x.matmul(w);\nforeach (var s in subs) h = s.Model(x);\nreturn h;")]
    [InlineData("var h = x.matmul(w);\nforeach (var s in subs) { h = x * 2.0; h = s.Model(h); }\nreturn h;")]
    public void A_loop_body_that_does_not_read_its_carried_value_compiles(string body) =>
        Agrees(FlagLayer.Source("Outer", body), true, false);

    // Zc.Model(a, [NonDifferentiable] c) = tanh(a·v) + 0·c: c gets no gradient, on the tape too.
    const string Subs = """
        [Layer] public partial class Zc { Parameter v; public Zc() { v = nn.Parameter(randn(3, 3, float64)); }
          [Differentiable] public Tensor Model(Tensor a, [NonDifferentiable] Tensor c) => tanh(a.matmul(v)) + c * 0.0; }
        [Layer] public partial class TwoD { Parameter v; public TwoD() { v = nn.Parameter(randn(3, 3, float64)); }
          [Differentiable] public Tensor Model(Tensor a, Tensor c) => tanh(a.matmul(v)) * c; }
        """;

    static string TwoInputs(string body) => Harness.Usings + "namespace T;\n" + $$"""
        [Layer]
        public partial class Outer
        {
            Parameter w, b;
            public bool flag = true;
            Zc[] zcs = [new Zc(), new Zc()];
            Zc zc = new Zc();
            TwoD[] twods = [new TwoD(), new TwoD()];
            TwoD twod = new TwoD();
            public Outer() { w = nn.Parameter(randn(3, 3, float64)); b = nn.Parameter(randn(3, float64)); }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                {{body}}
            }
        }
        """ + Subs;

    [Theory]
    // A value read from before the loop, passed detached as a sub-layer's [NonDifferentiable] argument (undetached it
    // is EDU1037) and used again in the body: that use gives no part, and the value's other parts are its gradient (it
    // waited for that part and lost everything: dL/dw was 0).
    [InlineData("var g = tanh(x.matmul(w));\nvar h = x;\nforeach (var s in zcs) h = s.Model(h, g.detach()) + g;\nreturn h;")]
    // The same through a branch of the body (chained reads).
    [InlineData("var g = tanh(x.matmul(w));\nvar h = x;\nforeach (var s in zcs) { h = s.Model(h, g.detach()); if (flag) h = h + g; }\nreturn h;")]
    // The same outside any loop.
    [InlineData("var g = tanh(x.matmul(w));\nvar h = zc.Model(x, g.detach()) + g;\nreturn h;")]
    public void A_value_passed_as_a_non_differentiable_sub_layer_argument_keeps_its_other_gradients(string body) =>
        Agrees(TwoInputs(body), true);

    [Theory]
    // One value as both differentiable arguments of a sub-layer: the two parts of its gradient are named apart (both
    // were dL_dg_in_via_s_out: CS0128), in a loop reading g from before it and at the method level.
    [InlineData("var g = tanh(x.matmul(w));\nvar h = x;\nforeach (var s in twods) h = s.Model(g, g) + h;\nreturn h;")]
    [InlineData("var h = twod.Model(x, x);\nreturn h;")]
    public void One_value_as_two_arguments_of_a_sub_layer_compiles(string body) =>
        Agrees(TwoInputs(body), true);
}
