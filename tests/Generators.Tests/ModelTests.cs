using System.Reflection;
using Edu.Sdk.Checking;
using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// The assignment models (A2 softmax regression 784→10, A3 MLPs of depth 1, 3 and 5, A5's MLP), trained by a generated
/// model and a generated loss chained by hand: the gradients equal the tape's, and GradCheck agrees in float64.
/// Also the tape adapter: a generated layer as one node of an autograd graph.
/// </summary>
public class ModelTests
{
    const string Loss = """
        [Layer]
        public partial class CrossEntropy
        {
            [Differentiable]
            public Tensor Loss(Tensor logits, [NonDifferentiable] Tensor target) => -(target * log_softmax(logits, 1)).sum(1).mean();
        }
        """;

    /// <summary>An MLP with the given layer sizes, unrolled (hidden layers use ReLU).</summary>
    static string Mlp(string name, params int[] sizes)
    {
        int layers = sizes.Length - 1;
        var fields = string.Join(", ", Enumerable.Range(1, layers).SelectMany(i => new[] { $"w{i}", $"b{i}" }));
        var init = string.Concat(Enumerable.Range(1, layers).Select(i =>
            $"w{i} = nn.Parameter(randn({sizes[i - 1]}, {sizes[i]}, float64) * Math.Sqrt(2.0 / {sizes[i - 1]})); b{i} = nn.Parameter(randn({sizes[i]}, float64) * 0.1);\n"));
        var body = new System.Text.StringBuilder();
        string h = "x";
        for (int i = 1; i < layers; i++) { body.Append($"var h{i} = relu({h}.matmul(w{i}) + b{i});\n"); h = "h" + i; }
        body.Append($"return {h}.matmul(w{layers}) + b{layers};");
        return $$"""
            [Layer]
            public partial class {{name}}
            {
                Parameter {{fields}};
                public {{name}}() { {{init}} }
                [Differentiable]
                public Tensor Model(Tensor x)
                {
                    {{body}}
                }
            }
            """;
    }

    static readonly Lazy<Assembly> s_models = new(() => Harness.Load("using System;\n" + Harness.Usings + "namespace Models;\n" + Loss
        + Mlp("SoftmaxRegression", 784, 10)
        + Mlp("MlpDepth1", 784, 30, 10)
        + Mlp("MlpDepth3", 784, 20, 20, 20, 10)
        + Mlp("MlpDepth5", 784, 16, 16, 16, 16, 16, 10)
        + Mlp("A5Mlp", 784, 64, 32, 10)
        + """
        public static class Trainer
        {
            public static void Step(MlpDepth1 model, CrossEntropy loss, Tensor x, Tensor t, Tensor one)
            {
                model.zero_grad();
                var logits = model.forward(x);
                loss.forward(logits, t);
                model.backward_parameters(loss.backward(one));
            }
        }
        """));

    static IGeneratedLayer New(string name) => (IGeneratedLayer)Activator.CreateInstance(s_models.Value.GetTypes().Single(t => t.Name == name))!;

    static (Tensor x, Tensor t) Batch(int n)
    {
        var x = rand(n, 784, float64);
        var t = nn.functional.one_hot(randint(0, 10, [n]), 10).to(ScalarType.Float64);
        return (x, t);
    }

    [Theory]
    [InlineData("SoftmaxRegression", 20)]
    [InlineData("SoftmaxRegression", 1)]
    [InlineData("MlpDepth1", 8)]
    [InlineData("MlpDepth3", 8)]
    [InlineData("MlpDepth5", 8)]
    [InlineData("A5Mlp", 8)]
    public void Generated_model_and_loss_match_the_tape(string name, int n)
    {
        manual_seed(7);
        var model = New(name);
        var loss = New("CrossEntropy");
        var (x, t) = Batch(n);

        // The tape, through the student's own methods.
        var method = model.GetType().GetMethod("Model")!;
        var lossMethod = loss.GetType().GetMethod("Loss")!;
        var tapeLoss = (Tensor)lossMethod.Invoke(loss, [(Tensor)method.Invoke(model, [x])!, t])!;
        tapeLoss.backward();
        var expected = model.parameters().Select(p => p.grad!.clone()).ToArray();

        // Generated: forward through both, backward chained by hand.
        model.zero_grad();
        var l = loss.Forward([model.Forward([x]), t]);
        LayerRunner.AssertClose(tapeLoss.detach(), l, "loss");
        var dL_dlogits = loss.Backward(ones_like(l))[0]!;
        model.Backward(dL_dlogits, inputGradients: false);
        for (int i = 0; i < expected.Length; i++)
            LayerRunner.AssertClose(expected[i], model.parameters()[i].grad!, model.named_parameters()[i].name);
    }

    [Theory]
    [InlineData("SoftmaxRegression")]
    [InlineData("MlpDepth3")]
    public void GradCheck_agrees_with_the_generated_backward(string name)
    {
        manual_seed(3);
        var model = New(name);
        var loss = New("CrossEntropy");
        var (x, t) = Batch(3);
        // Biases (every entry) and the last weight: central differences over every entry of each.
        var ps = model.named_parameters();
        var checkedOnes = ps.Where(p => p.name.StartsWith('b') || p.name == ps[^2].name).ToList();
        var report = GradCheck.Loss(
            () => loss.Forward([model.Forward([x]), t]).clone(),
            checkedOnes.Select(p => (p.name, (Tensor)p.parameter)).ToList(),
            analytic: () =>
            {
                model.zero_grad();
                var l = loss.Forward([model.Forward([x]), t]);
                model.Backward(loss.Backward(ones_like(l))[0]!, inputGradients: false);
                return checkedOnes.Select(p => p.parameter.grad!.clone()).ToList();
            });
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void A_generated_layer_is_one_node_of_the_tape()
    {
        manual_seed(11);
        var model = New("MlpDepth1");
        var (x, t) = Batch(5);
        var scale = tensor(new[] { 2.0 }, dtype: ScalarType.Float64).requires_grad_();
        // A tape graph around the generated layer: (model(x) * scale) through the tape's own cross-entropy.
        var y = ((Layers.IGeneratedLayer)model).GetType().GetMethod("call")!.Invoke(model, [x]) as Tensor;
        Assert.NotNull(y!.grad_fn);
        var l = -(t * (y * scale).log_softmax(1)).sum(1).mean();
        l.backward();
        var viaNode = model.parameters().Select(p => p.grad!.clone()).ToArray();
        var scaleGrad = scale.grad!.clone();

        // The same graph entirely on the tape, through the student's method.
        model.zero_grad();
        scale.grad = null;
        var y2 = (Tensor)model.GetType().GetMethod("Model")!.Invoke(model, [x])!;
        (-(t * (y2 * scale).log_softmax(1)).sum(1).mean()).backward();
        for (int i = 0; i < viaNode.Length; i++) LayerRunner.AssertClose(model.parameters()[i].grad!, viaNode[i], model.named_parameters()[i].name);
        LayerRunner.AssertClose(scale.grad!, scaleGrad, "scale");

        // torch.autograd.grad returns the parameters' gradients through the node without touching .grad.
        model.zero_grad();
        var y3 = LayerFunction.Apply(model, x);
        var grads = autograd.grad([(y3 * y3).sum()], [.. model.parameters()]);
        Assert.All(model.parameters(), p => Assert.Equal(0.0, p.grad!.abs().sum().ToDouble()));
        var y4 = (Tensor)model.GetType().GetMethod("Model")!.Invoke(model, [x])!;
        var expected = autograd.grad([(y4 * y4).sum()], [.. model.parameters()]);
        for (int i = 0; i < grads.Count; i++) LayerRunner.AssertClose(expected[i]!, grads[i]!, "autograd.grad " + i);
    }

    [Fact]
    public void A_stale_node_refuses_instead_of_returning_a_wrong_gradient()
    {
        var model = New("MlpDepth1");
        var (x, _) = Batch(2);
        var y1 = LayerFunction.Apply(model, x);
        LayerFunction.Apply(model, x);
        var e = Assert.Throws<InvalidOperationException>(() => y1.sum().backward());
        Assert.Contains("ran forward again", e.Message);
    }

    [Fact]
    public void A_training_forward_outside_the_tape_also_makes_the_node_stale()
    {
        // Under no_grad the second call records nothing, and a direct forward bypasses the tape entirely: both still
        // overwrite what the layer kept, so the first graph must refuse (it used to return a wrong gradient).
        var model = New("MlpDepth1");
        var (x, _) = Batch(2);
        var (x2, _) = Batch(3);
        var y1 = LayerFunction.Apply(model, x);
        using (no_grad()) LayerFunction.Apply(model, x2);
        Assert.Contains("ran forward again", Assert.Throws<InvalidOperationException>(() => y1.sum().backward()).Message);

        // A direct forward on a batch of the same size rewrites the output buffer (its version moves); one of another
        // size gets new buffers, and the stale graph then fails on the batch size instead (never a silent gradient).
        var (x2same, _) = Batch(2);
        var y2 = LayerFunction.Apply(model, x);
        model.Forward([x2same]);
        Assert.Contains("ran forward again", Assert.Throws<InvalidOperationException>(() => y2.sum().backward()).Message);

        // An evaluation-mode forward keeps nothing, so the graph stays usable.
        var y3 = LayerFunction.Apply(model, x);
        model.eval();
        LayerFunction.Apply(model, x2);
        model.train();
        y3.sum().backward();
    }

    [Fact]
    public void Steady_state_steps_allocate_nothing()
    {
        var model = New("MlpDepth1");
        var loss = New("CrossEntropy");
        var x = rand(64, 784, float64);
        var t = nn.functional.one_hot(randint(0, 10, [64]), 10).to(ScalarType.Float64);
        var one = ones(new long[0], float64);
        var step = s_models.Value.GetTypes().Single(t => t.Name == "Trainer").GetMethod("Step")!;
        var args = new object[] { model, loss, x, t, one };
        var run = (Action)(() => step.Invoke(null, args));
        // Invoke through reflection allocates a little itself: measure it on an empty step to subtract it.
        for (int i = 0; i < 3; i++) run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 10 * 1024, $"10 steps allocated {allocated} bytes");
    }
}
