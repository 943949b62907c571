using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// What a read-only review of the tenth session's changes found (rank-3 products, mse_loss, empty arms in manual mode,
/// EDU1005's helpers, transpose dims): each test failed before its fix.
/// </summary>
public class ReviewSessionTenTests
{
    static string Layer(string name, string fields, string init, string inputs, string method) => Harness.Usings + $$"""
        namespace T;
        [Layer]
        public partial class {{name}}
        {
            {{fields}}
            public {{name}}() { {{init}} }
            public static Tensor[] Inputs(int n) => {{inputs}};
            {{method}}
        }
        """;

    /// <summary>
    /// transpose(-2, -1) of an (n, s, k) tensor is torch's batched transpose, another product than a matrix's: the
    /// generated forward refuses it with the shapes instead of summing xᵦᵀ·yᵦ over the batch (it returned (2, 2), or with
    /// sum(0) the right shape and wrong values).
    /// </summary>
    [Theory]
    [InlineData("x.transpose(-2, -1).matmul(y) + w", "[randn(n, 3, 2, float64), randn(n, 3, 2, float64)]")]
    [InlineData("x.transpose(1, 0).matmul(y).sum(0) + w", "[randn(n, 3, 2, float64), randn(3, 2, 2, float64)]")]
    public void A_transpose_of_a_3d_tensor_on_the_left_of_matmul_is_refused_not_summed(string expr, string inputs)
    {
        var source = Layer("Two", "Parameter w;", "w = nn.Parameter(randn(2, 2, float64));", inputs,
            $"[Differentiable] public Tensor Model(Tensor x, Tensor y) => {expr};");
        var layer = LayerRunner.Create(Harness.Load(source), "Two", out var type);
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(LayerRunner.Inputs(type, 2)));
        Assert.Contains("generated layers multiply 2-d tensors, or an (n, s, k) batch of rows by a 2-d weight", e.Message);
    }

    /// <summary>The one product that reads two batches of rows as matrices is the gradient of a computed right operand.</summary>
    [Fact]
    public void Only_a_right_operands_gradient_multiplies_over_all_rows()
    {
        var generated = Harness.Run(Cases.All.Single(c => c.Name == "RowsOfSequences").Source).Generated;
        var backward = generated[..generated.IndexOf("public string DescribeBackward", StringComparison.Ordinal)];
        // dL/d(w * 2.0) = xᵀ·dL/da over the n·s rows of x; the parameters' gradients go through AddMatMul, which always does.
        var line = Assert.Single(backward.Split('\n'), l => l.Contains("overAllRows", StringComparison.Ordinal));
        Assert.Contains("(\"dL_da_mm_prod\", _x, dL_da, transposeA: true, overAllRows: true);", line);
    }

    /// <summary>A 3-d parameter on the left of a product: its gradient has its shape (the backward demanded a 2-d one).</summary>
    [Fact]
    public void A_3d_parameter_times_a_weight_has_a_backward()
    {
        var source = Layer("Emb", "Parameter p, w;", "p = nn.Parameter(randn(1, 3, 2, float64)); w = nn.Parameter(randn(2, 2, float64));",
            "[randn(n, 2, float64)]", "[Differentiable] public Tensor Model(Tensor x) => p.matmul(w).sum(1) + x;");
        LayerRunner.Check(Harness.Load(source), "Emb", 2, 74);
    }

    /// <summary>The SDK's mse_loss refuses (n, 1) against (n); the generated one broadcast to (n, n) and averaged that.</summary>
    [Fact]
    public void Generated_mse_loss_refuses_an_n_by_1_prediction_against_an_n_target_like_the_sdk()
    {
        var source = Layer("Regression", "Parameter w;", "w = nn.Parameter(randn(3, 1, float64));", "[randn(n, 3, float64), randn(n, float64)]",
            "[Differentiable] public Tensor Loss(Tensor x, [NonDifferentiable] Tensor t) => nn.functional.mse_loss(x.matmul(w), t);");
        var layer = LayerRunner.Create(Harness.Load(source), "Regression", out var type);
        var inputs = LayerRunner.Inputs(type, 4);
        Assert.Throws<ArgumentException>(() => nn.functional.mse_loss(inputs[0].matmul(layer.parameters()[0]), inputs[1]));
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(inputs));
        Assert.StartsWith("mse_loss: the input has shape (4x1) but the target has shape (4)", e.Message);
    }

    /// <summary>
    /// Manual mode emits every arm, the unread one (g_2) included, and wrote its record again for the arms after it:
    /// 'bool if_g_2 = flag;' twice (CS0128), with or without an empty arm between.
    /// </summary>
    [Theory]
    [InlineData("else if (subs.Length == 2) { }\n")]
    [InlineData("")]
    public void Manual_mode_an_unread_arm_before_a_read_one_compiles(string middle)
    {
        var source = FlagLayer.Source("Outer", "var h = x.matmul(w);\nvar g = x * b;\nif (flag) g = relu(g);\n" + middle + "else h = tanh(h);\nreturn h;");
        var r = Harness.Run(source, "manual");
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Empty(r.CompileErrors);
    }

    [Fact]
    public void A_parameter_initialised_in_a_generic_helper_the_constructor_calls_is_not_EDU1005()
    {
        var source = Layer("L", "Parameter w;\nvoid Init<T>() { w = nn.Parameter(randn(3, 3)); }", "Init<double>();", "[randn(n, 3)]",
            "[Differentiable] public Tensor Model(Tensor x) => x.matmul(w);");
        Assert.DoesNotContain(Harness.Run(source).GeneratorDiagnostics, d => d.Id == "EDU1005");
    }

    /// <summary>A dim beyond int's range was converted with Convert.ToInt32 inside the generator: an exception (CS8785).</summary>
    [Fact]
    public void A_huge_transpose_dim_is_reported_not_a_generator_crash()
    {
        var r = Harness.Run(FlagLayer.Source("Outer", "return x.transpose(0, 1L << 40).matmul(w);"));
        Assert.DoesNotContain(r.Output.GetDiagnostics().Concat(r.GeneratorDiagnostics), d => d.Id == "CS8785");
        Assert.Contains(r.GeneratorDiagnostics, d => d.Id == "EDU1010");
    }
}
