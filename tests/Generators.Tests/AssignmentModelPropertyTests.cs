using System.Reflection;
using FsCheck;
using FsCheck.Fluent;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// The assignments' models as a student writes them (A2's softmax regression, A3's MLP with its depth as a constructor
/// argument, A5's MLP and CNN), each chained into the generated cross-entropy by an objective layer: over random
/// sizes, batches, values and labels (FsCheck), the generated backward equals the tape's gradients for every
/// parameter and for the input, and GradCheck (central differences in float64) agrees with it.
/// </summary>
public class AssignmentModelPropertyTests
{
    const string Source = Harness.Usings + """
        namespace Course;

        /// <summary>A2: softmax regression (the softmax is in the loss).</summary>
        [Layer]
        public partial class Regression
        {
            Parameter w, b;
            public Regression(int inputs, int classes) { w = nn.Parameter(randn(inputs, classes, float64) * 0.5); b = nn.Parameter(randn(classes, float64) * 0.1); }
            [Differentiable]
            public Tensor Model(Tensor x) => x.matmul(w) + b;
        }

        /// <summary>A3's hidden layer.</summary>
        [Layer]
        public partial class Hidden
        {
            Parameter w, b;
            public Hidden(int inputs, int outputs) { w = nn.Parameter(randn(inputs, outputs, float64) * 0.7); b = nn.Parameter(randn(outputs, float64) * 0.3); }
            [Differentiable]
            public Tensor Model(Tensor x) => relu(x.matmul(w) + b);
        }

        /// <summary>A3: an MLP whose depth (the number of hidden layers) is a constructor argument.</summary>
        [Layer]
        public partial class Mlp
        {
            Hidden first;
            Hidden[] rest;
            Parameter w, b;
            public Mlp(int inputs, int width, int depth, int classes)
            {
                first = new Hidden(inputs, width);
                rest = new Hidden[depth - 1];
                for (int i = 0; i < rest.Length; i++) rest[i] = new Hidden(width, width);
                w = nn.Parameter(randn(width, classes, float64) * 0.7); b = nn.Parameter(randn(classes, float64) * 0.1);
            }
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = first.Model(x);
                foreach (var layer in rest) h = layer.Model(h);
                return h.matmul(w) + b;
            }
        }

        /// <summary>A5: the MLP of the comparison, two hidden layers of their own widths.</summary>
        [Layer]
        public partial class A5Mlp
        {
            Parameter w1, b1, w2, b2, w3, b3;
            public A5Mlp(int inputs, int h1, int h2, int classes)
            {
                w1 = nn.Parameter(randn(inputs, h1, float64) * 0.7); b1 = nn.Parameter(randn(h1, float64) * 0.3);
                w2 = nn.Parameter(randn(h1, h2, float64) * 0.7); b2 = nn.Parameter(randn(h2, float64) * 0.3);
                w3 = nn.Parameter(randn(h2, classes, float64) * 0.7); b3 = nn.Parameter(randn(classes, float64) * 0.1);
            }
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h1 = relu(x.matmul(w1) + b1);
                var h2 = tanh(h1.matmul(w2) + b2);
                return h2.matmul(w3) + b3;
            }
        }

        /// <summary>A5: the CNN, two 3x3 convolutions, a max pooling and an adaptive one, and a linear classifier.</summary>
        [Layer]
        public partial class A5Cnn
        {
            Parameter c1, cb1, c2, cb2, w, b;
            public A5Cnn(int channels, int k1, int k2, int classes)
            {
                c1 = nn.Parameter(randn(k1, channels, 3, 3, float64) * 0.5); cb1 = nn.Parameter(randn(k1, float64) * 0.2);
                c2 = nn.Parameter(randn(k2, k1, 3, 3, float64) * 0.3); cb2 = nn.Parameter(randn(k2, float64) * 0.2);
                w = nn.Parameter(randn(k2 * 4, classes, float64) * 0.5); b = nn.Parameter(randn(classes, float64) * 0.1);
            }
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h1 = relu(conv2d(x, c1, cb1, padding: 1));
                var p1 = nn.functional.max_pool2d(h1, 2);
                var h2 = relu(conv2d(p1, c2, cb2, padding: 1));
                var p2 = nn.functional.adaptive_max_pool2d(h2, (2, 2));
                return p2.flatten(1).matmul(w) + b;
            }
        }

        [Layer]
        public partial class Ce
        {
            [Differentiable]
            public Tensor Loss(Tensor z, [NonDifferentiable] Tensor y) => nn.functional.cross_entropy(z, y);
        }

        /// <summary>The shape of the next batch: set by the test before each check.</summary>
        public static class Batch
        {
            public static long[] Features = [1];
            public static int Classes = 2;
            public static Tensor[] Of(int n) => [randn([n, .. Features], float64), randint(0, Classes, [n])];
        }

        [Layer]
        public partial class RegressionObjective
        {
            Regression model; Ce loss = new();
            public RegressionObjective(int inputs, int classes) { model = new Regression(inputs, classes); }
            public static Tensor[] Inputs(int n) => Batch.Of(n);
            [Differentiable]
            public Tensor Loss(Tensor x, [NonDifferentiable] Tensor y) => loss.Loss(model.Model(x), y);
        }

        [Layer]
        public partial class MlpObjective
        {
            Mlp model; Ce loss = new();
            public MlpObjective(int inputs, int width, int depth, int classes) { model = new Mlp(inputs, width, depth, classes); }
            public static Tensor[] Inputs(int n) => Batch.Of(n);
            [Differentiable]
            public Tensor Loss(Tensor x, [NonDifferentiable] Tensor y) => loss.Loss(model.Model(x), y);
        }

        [Layer]
        public partial class A5MlpObjective
        {
            A5Mlp model; Ce loss = new();
            public A5MlpObjective(int inputs, int h1, int h2, int classes) { model = new A5Mlp(inputs, h1, h2, classes); }
            public static Tensor[] Inputs(int n) => Batch.Of(n);
            [Differentiable]
            public Tensor Loss(Tensor x, [NonDifferentiable] Tensor y) => loss.Loss(model.Model(x), y);
        }

        [Layer]
        public partial class A5CnnObjective
        {
            A5Cnn model; Ce loss = new();
            public A5CnnObjective(int channels, int k1, int k2, int classes) { model = new A5Cnn(channels, k1, k2, classes); }
            public static Tensor[] Inputs(int n) => Batch.Of(n);
            [Differentiable]
            public Tensor Loss(Tensor x, [NonDifferentiable] Tensor y) => loss.Loss(model.Model(x), y);
        }
        """;

    static readonly Lazy<Assembly> s_course = new(() => Harness.Load(Source));

    /// <summary>Random sizes: a small positive int from each generated value, in [low, high].</summary>
    static int In(int value, int low, int high) => low + (int)((uint)value % (uint)(high - low + 1));

    /// <summary>Makes the objective, sets the batch shape, and checks it on a batch of <paramref name="n"/>.</summary>
    static void Check(string objective, long[] features, int classes, int n, int seed, params object[] sizes)
    {
        var type = s_course.Value.GetType("Course." + objective)!;
        var batch = s_course.Value.GetType("Course.Batch")!;
        batch.GetField("Features")!.SetValue(null, features);
        batch.GetField("Classes")!.SetValue(null, classes);
        torch.manual_seed(seed);
        var layer = (Layers.IGeneratedLayer)Activator.CreateInstance(type, sizes)!;
        LayerRunner.Check(layer, n, seed);
    }

    static Arbitrary<(int, int, int, int, int)> Sizes => ArbMap.Default.ArbFor<(int, int, int, int, int)>();

    [Fact]
    public void A2_softmax_regression_matches_the_tape_and_finite_differences()
    {
        Prop.ForAll(Sizes, s =>
        {
            int inputs = In(s.Item1, 1, 12), classes = In(s.Item2, 2, 6), n = In(s.Item3, 1, 6);
            Check("RegressionObjective", [inputs], classes, n, s.Item5, inputs, classes);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(10));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void A3_mlp_matches_the_tape_and_finite_differences_at_depth(int depth)
    {
        Prop.ForAll(Sizes, s =>
        {
            int inputs = In(s.Item1, 1, 10), width = In(s.Item2, 1, 7), classes = In(s.Item3, 2, 5), n = In(s.Item4, 1, 5);
            Check("MlpObjective", [inputs], classes, n, s.Item5, inputs, width, depth, classes);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(6));
    }

    [Fact]
    public void A5_mlp_matches_the_tape_and_finite_differences()
    {
        Prop.ForAll(Sizes, s =>
        {
            int inputs = In(s.Item1, 1, 10), h1 = In(s.Item2, 1, 8), h2 = In(s.Item3, 1, 8), n = In(s.Item4, 1, 5);
            Check("A5MlpObjective", [inputs], 3, n, s.Item5, inputs, h1, h2, 3);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(8));
    }

    [Fact]
    public void A5_cnn_matches_the_tape_and_finite_differences()
    {
        Prop.ForAll(Sizes, s =>
        {
            int channels = In(s.Item1, 1, 3), k1 = In(s.Item2, 1, 3), k2 = In(s.Item3, 1, 3), n = In(s.Item4, 1, 3);
            int height = In(s.Item5, 4, 8), width = In(s.Item5 / 7, 4, 8);
            Check("A5CnnObjective", [channels, height, width], 4, n, s.Item5, channels, k1, k2, 4);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(6));
    }
}
