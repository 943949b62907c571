using System.Reflection;
using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// The course's layers for the training tests (<see cref="StepInBackwardTests"/>, <see cref="PendingOuterTests"/>,
/// <see cref="PendingOuterCasesTests"/>, <see cref="CnnAllocationTests"/>), compiled once: A2's softmax regression, A3's
/// MLP, A5's CNN, a weight used three times, a
/// product of two parameters and the generated cross-entropy, with training loops made as delegates (no reflection per
/// step, for the allocation tests).
/// </summary>
internal static class CourseLayers
{
    public const string Source = """
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Course;

        /// <summary>A2's softmax regression: both parameters stepped in the backward.</summary>
        [Layer]
        public partial class Linear
        {
            Parameter w, b;
            public Linear(int inputs, int classes) : this(inputs, classes, float32) { }
            public Linear(int inputs, int classes, ScalarType dtype) { w = nn.Parameter(randn(inputs, classes, dtype) * 0.1); b = nn.Parameter(randn(classes, dtype) * 0.1); }
            [Differentiable]
            public Tensor Model(Tensor x) => x.matmul(w) + b;
        }

        /// <summary>A3's MLP: the hidden bias's gradient comes out of the fused ReLU backward, into grad.</summary>
        [Layer]
        public partial class Mlp
        {
            Parameter w1, b1, w2, b2;
            public Mlp(int inputs, int hidden, int classes)
            {
                w1 = nn.Parameter(randn(inputs, hidden) * 0.3); b1 = nn.Parameter(randn(hidden) * 0.1);
                w2 = nn.Parameter(randn(hidden, classes) * 0.3); b2 = nn.Parameter(randn(classes) * 0.1);
            }
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h1 = relu(x.matmul(w1) + b1);
                return h1.matmul(w2) + b2;
            }
        }

        /// <summary>A weight used three times: every use reads it before any of its gradients is taken.</summary>
        [Layer]
        public partial class Tied
        {
            Parameter w;
            public Tied(int inputs, int classes) { w = nn.Parameter(randn(inputs, classes) * 0.3); }
            [Differentiable]
            public Tensor Model(Tensor x) => tanh(x.matmul(w)).matmul(w.T).matmul(w);
        }

        /// <summary>A product of two parameters: each one's gradient reads the other, so neither is stepped in the backward.</summary>
        [Layer]
        public partial class Factored
        {
            Parameter u, v;
            public Factored(int inputs, int classes) { u = nn.Parameter(randn(inputs, 3) * 0.5); v = nn.Parameter(randn(3, classes) * 0.5); }
            [Differentiable]
            public Tensor Model(Tensor x) => x.matmul(u.matmul(v));
        }

        /// <summary>A5's CNN on 28x28 images: two convolutions, a max pooling and an adaptive one, then a linear classifier.</summary>
        [Layer]
        public partial class Cnn
        {
            Parameter c1, cb1, c2, cb2, w, b;
            public Cnn(int classes)
            {
                c1 = nn.Parameter(randn(8, 1, 3, 3) * 0.3); cb1 = nn.Parameter(randn(8) * 0.1);
                c2 = nn.Parameter(randn(8, 8, 3, 3) * 0.1); cb2 = nn.Parameter(randn(8) * 0.1);
                w = nn.Parameter(randn(8 * 4 * 4, classes) * 0.1); b = nn.Parameter(randn(classes) * 0.1);
            }
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h1 = relu(conv2d(x, c1, cb1, padding: 1));
                var p1 = nn.functional.max_pool2d(h1, 2);
                var h2 = relu(nn.functional.conv2d(p1, c2, cb2, padding: 1));
                var p2 = nn.functional.adaptive_max_pool2d(h2, (4, 4));
                return p2.flatten(1).matmul(w) + b;
            }
        }

        [Layer]
        public partial class Loss
        {
            [Differentiable]
            static Tensor Of(Tensor z, [NonDifferentiable] Tensor labels) => nn.functional.cross_entropy(z, labels);
        }

        public static class Loop
        {
            /// <summary>Training steps of an MLP with SGD stepped in the backward, as a delegate made once (no reflection per call).</summary>
            public static System.Action SteppingInBackward(Mlp model, Tensor x, Tensor labels) =>
                Stepping(model.forward, model.backward_parameters, x, labels, optim.SGD(model.parameters(), lr: 0.01, step_in_backward: true));

            /// <summary>Training steps of the CNN with the given optimizer, as a delegate made once.</summary>
            public static System.Action CnnSteps(Cnn model, Tensor x, Tensor labels, Edu.Sdk.Optim.Optimizer opt) =>
                Stepping(model.forward, model.backward_parameters, x, labels, opt);

            /// <summary>Training steps of the regression with the given optimizer, as a delegate made once.</summary>
            public static System.Action Steps(Linear model, Tensor x, Tensor labels, Edu.Sdk.Optim.Optimizer opt) =>
                Stepping(model.forward, model.backward_parameters, x, labels, opt);

            /// <summary>One step: forward, the loss and its backward, the model's backward into its parameters, the update.</summary>
            static System.Action Stepping(System.Func<Tensor, Tensor> forward, System.Action<Tensor> backwardParameters, Tensor x, Tensor labels, Edu.Sdk.Optim.Optimizer opt)
            {
                var loss = new Loss();
                return () =>
                {
                    opt.zero_grad();
                    loss.forward(forward(x), labels);
                    backwardParameters(loss.backward());
                    opt.step();
                };
            }
        }
        """;

    static readonly Lazy<Assembly> s_assembly = new(() => Harness.Load(Source));

    /// <summary>A new instance of the layer <paramref name="name"/>.</summary>
    public static IGeneratedLayer New(string name, params object[] args) =>
        (IGeneratedLayer)Activator.CreateInstance(s_assembly.Value.GetTypes().Single(t => t.Name == name), args)!;

    /// <summary>The training loop <paramref name="name"/> of the source's <c>Loop</c> class, made once.</summary>
    public static Action Loop(string name, params object[] args) =>
        (Action)s_assembly.Value.GetTypes().Single(t => t.Name == "Loop").GetMethod(name)!.Invoke(null, args)!;

    /// <summary>
    /// An optimizer by name, lr 0.1 (Adam 0.01): "sgd", "sgd-sib" (step_in_backward), "sgd-momentum" (0.9),
    /// "sgd-weight-decay" (0.01) or "adam".
    /// </summary>
    public static Optim.Optimizer Make(string kind, IEnumerable<Nn.Parameter> ps) => kind switch
    {
        "sgd" => optim.SGD(ps, lr: 0.1),
        "sgd-sib" => optim.SGD(ps, lr: 0.1, step_in_backward: true),
        "sgd-momentum" => optim.SGD(ps, lr: 0.1, momentum: 0.9),
        "sgd-weight-decay" => optim.SGD(ps, lr: 0.1, weight_decay: 0.01),
        "adam" => optim.Adam(ps, lr: 0.01),
        _ => throw new ArgumentException($"no optimizer '{kind}'", nameof(kind)),
    };

    /// <summary>One forward and backward of the model and the loss (the parameters only: the input is data).</summary>
    public static void Step(IGeneratedLayer model, IGeneratedLayer loss, Tensor x, Tensor labels)
    {
        loss.Forward([model.Forward([x]), labels]);
        model.Backward(loss.Backward(ones(Array.Empty<long>(), dtype: x.dtype), inputGradients: true)[0]!, inputGradients: false);
    }

    /// <summary>Asserts |expected − actual| ≤ tolerance · max|expected| elementwise (relative to the largest value).</summary>
    public static void AssertClose(Tensor expected, Tensor actual, double tolerance, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double scale = Math.Max(1e-3, expected.abs().max().ToDouble());
        double diff = (expected - actual).abs().max().ToDouble();
        Assert.True(diff <= tolerance * scale, $"{what}: differs by {diff} (scale {scale})");
    }
}
