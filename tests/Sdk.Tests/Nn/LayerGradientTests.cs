using Edu.Sdk.Checking;
using Edu.Sdk.Nn;
using FsCheck;
using FsCheck.Fluent;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Nn;

/// <summary>Layers and MLPs against central differences (float64), over random shapes; forward values and bad input.</summary>
public class LayerGradientTests
{
    static readonly GradCheckOptions Throwing = GradCheckOptions.Default with { Throw = true };

    static IReadOnlyList<(string, Tensor)> Named(Module m) => m.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).ToList();

    static Gen<(int N, int In, int Hidden, int Out, int Seed)> Shapes =>
        from n in Gen.Choose(1, 4)
        from i in Gen.Choose(1, 4)
        from h in Gen.Choose(1, 5)
        from o in Gen.Choose(1, 3)
        from seed in Gen.Choose(0, 10_000)
        select (n, i, h, o, seed);

    [Fact]
    public void Linear_gradient_for_parameters_and_input()
    {
        Prop.ForAll(Shapes.ToArbitrary(), c =>
        {
            var g = new Generator(c.Seed);
            var lin = nn.Linear(c.In, c.Out, dtype: float64);
            var x = randn([c.N, c.In], float64, g).requires_grad_();
            var w = randn([c.N, c.Out], float64, g);
            GradCheck.Loss(() => (lin.forward(x) * w).sum(), [.. Named(lin), ("x", x)], options: Throwing);
            var noBias = nn.Linear(c.In, c.Out, hasBias: false, dtype: float64);
            GradCheck.Function(v => noBias.forward(v[0]), [x], Throwing);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(30));
    }

    [Fact]
    public void Linear_on_one_example_and_on_a_3d_batch()
    {
        var lin = nn.Linear(3, 2, dtype: float64);
        var x1 = randn([3], float64).requires_grad_();
        Assert.Equal([2L], lin.forward(x1).shape);
        GradCheck.Function(v => lin.forward(v[0]), [x1], Throwing);
        var x3 = randn([2, 4, 3], float64).requires_grad_();
        Assert.Equal([2L, 4L, 2L], lin.forward(x3).shape);
        GradCheck.Loss(() => lin.forward(x3).pow(2).sum(), [.. Named(lin), ("x", x3)], options: Throwing);
    }

    [Fact]
    public void Linear_computes_x_times_W_transposed_plus_b()
    {
        var lin = nn.Linear(2, 3, dtype: float64);
        using (no_grad())
        {
            lin.weight.copy_(tensor(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }));
            lin.bias!.copy_(tensor(new double[] { 0.5, -1, 0 }));
        }
        var y = lin.forward(tensor(new double[,] { { 1, 1 }, { 2, -1 } }));
        Assert.Equal([3.5, 6, 11, 0.5, 1, 4], y.data<double>().ToArray());
        Assert.Equal(y.data<double>().ToArray(), nn.functional.linear(tensor(new double[,] { { 1, 1 }, { 2, -1 } }), lin.weight, lin.bias).data<double>().ToArray());
    }

    public static TheoryData<string> Activations => ["relu", "sigmoid", "tanh"];

    static Module<Tensor, Tensor> Activation(string name) => name switch
    {
        "relu" => nn.ReLU(),
        "sigmoid" => nn.Sigmoid(),
        _ => nn.Tanh(),
    };

    [Theory]
    [MemberData(nameof(Activations))]
    public void Sequential_mlp_gradient_with_each_activation_and_loss(string activation)
    {
        Prop.ForAll(Shapes.ToArbitrary(), c =>
        {
            torch.manual_seed(c.Seed);
            var model = nn.Sequential(nn.Linear(c.In, c.Hidden), Activation(activation), nn.Linear(c.Hidden, c.Hidden), Activation(activation),
                nn.Linear(c.Hidden, c.Out + 1)).to(float64);
            var g = new Generator(c.Seed);
            var x = randn([c.N, c.In], float64, g);
            var y = randint(c.Out + 1, [c.N], g);
            var target = randn([c.N, c.Out + 1], float64, g);
            var ce = nn.CrossEntropyLoss();
            var mse = nn.MSELoss();
            GradCheck.Loss(() => ce.forward(model.forward(x), y), Named(model), options: Throwing);
            GradCheck.Loss(() => mse.forward(model.forward(x), target), Named(model), options: Throwing);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(15));
    }

    [Fact]
    public void Softmax_log_softmax_flatten_and_identity_layers()
    {
        var x = randn([2, 3, 2], float64).requires_grad_();
        var w = randn([2, 6], float64);
        GradCheck.Function(v => nn.Softmax(1).forward(v[0]) * v[0], [x], Throwing);
        GradCheck.Function(v => nn.LogSoftmax(-1).forward(v[0]).pow(2), [x], Throwing);
        GradCheck.Function(v => nn.Flatten().forward(nn.Identity().forward(v[0])) * w, [x], Throwing);
        Assert.Equal([2L, 6L], nn.Flatten().forward(x).shape);
        Assert.Equal([12L], nn.functional.flatten(x).shape);
        Assert.True(nn.Softmax(1).forward(x).sum(1).allclose(ones(2, 2, float64)));
    }

    [Fact]
    public void Conv2d_layer_matches_the_functional_op()
    {
        // Gradients of Conv2d and MaxPool2d go through the conv autograd nodes (ConvNodes.cs), checked with them.
        var conv = nn.Conv2d(2, 3, (3, 2), stride: (2, 1), padding: (1, 0));
        var x = randn(2, 2, 5, 4);
        var expected = nn.functional.conv2d(x, conv.weight, conv.bias, (2, 1), (1, 0));
        Assert.True(conv.forward(x).allclose(expected));
        Assert.Equal([3L, 2L, 3L, 2L], conv.weight.shape);
        Assert.Equal(["weight", "bias"], conv.named_parameters().Select(p => p.name).ToArray());
        Assert.Equal([2L, 3L, 1L, 1L], nn.MaxPool2d(2).forward(nn.AdaptiveMaxPool2d(2).forward(conv.forward(x))).shape);
    }

    [Fact]
    public void Wrong_input_width_for_Linear_names_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => nn.Linear(784, 100).forward(zeros(64, 785)));
        Assert.Equal("Linear: input has shape (64x785) but the weight has shape (100x784), so the input's last dimension must be 784 (in_features).", e.Message);
        e = Assert.Throws<ArgumentException>(() => nn.Linear(3, 2).forward(zeros([4, 3], float64)));
        Assert.Contains("input is Float64 but the weight is Float32", e.Message);
        e = Assert.Throws<ArgumentException>(() => nn.Linear(0, 2));
        Assert.Contains("must be positive", e.Message);
    }

    [Fact]
    public void Sequential_layers_with_mismatched_widths_fail_at_the_layer()
    {
        var model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(6, 2));
        var e = Assert.Throws<ArgumentException>(() => model.forward(zeros(3, 4)));
        Assert.Contains("input has shape (3x8) but the weight has shape (2x6)", e.Message);
    }
}
