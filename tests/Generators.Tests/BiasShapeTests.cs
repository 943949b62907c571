namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// Bias shapes other than a row under a fused activation, and the fused cross-entropy's refusal of logits that are not
/// rows (found by a review): the generated code must give the tape's gradients or a clear error, not a kernel's.
/// </summary>
public class BiasShapeTests
{
    const string Source = Harness.Usings + """
        namespace Shapes;

        [Layer]
        public partial class ColumnBiasRelu
        {
            Parameter w, c;
            public ColumnBiasRelu() { w = nn.Parameter(randn(3, 2, float64)); c = nn.Parameter(randn(4, 1, float64)); }
            public static Tensor[] Inputs(int n) => [randn(4, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x) => relu(x.matmul(w) + c);
        }

        [Layer]
        public partial class CrossEntropy3d
        {
            Parameter w;
            public CrossEntropy3d() { w = nn.Parameter(randn(4, float64)); }
            [Differentiable]
            public Tensor Loss(Tensor z, [NonDifferentiable] Tensor t) => -(t * log_softmax(z * w, -1)).sum(-1).mean();
        }
        """;

    static readonly Lazy<System.Reflection.Assembly> s_assembly = new(() => Harness.Load(Source));

    [Fact]
    public void A_column_bias_under_an_activation_gets_the_tapes_gradient()
    {
        // act(x·w + c) is fused with the bias; a (rows, 1) bias is summed over the columns instead of the rows.
        LayerRunner.Check(s_assembly.Value, "ColumnBiasRelu", 4, seed: 1);
    }

    [Fact]
    public void A_vector_parameter_left_of_a_batch_of_one_broadcasts_to_the_batch_shape()
    {
        // (3) with (1, 3): the workspace took (3) for the result's shape, and the kernel refused its buffer. The
        // property test over batch sizes may not draw a batch of one.
        var source = Cases.All.Single(c => c.Name == "ParameterFirst").Source;
        LayerRunner.Check(Harness.Load(source), "ParameterFirst", 1, seed: 2);
    }

    [Fact]
    public void The_fused_cross_entropy_on_3d_logits_says_to_reshape_them_to_rows()
    {
        var layer = (Edu.Sdk.Layers.IGeneratedLayer)Activator.CreateInstance(s_assembly.Value.GetTypes().Single(t => t.Name == "CrossEntropy3d"))!;
        var z = torch.randn(3, 2, 4, torch.float64);
        var t = torch.softmax(torch.randn(3, 2, 4, torch.float64), -1);

        var ex = Assert.Throws<ArgumentException>(() => layer.Forward([z, t]));

        Assert.Contains("takes 2-d logits (batch × classes), got (3x2x4)", ex.Message);
        Assert.Contains("z.reshape(-1, classes)", ex.Message);
    }
}
