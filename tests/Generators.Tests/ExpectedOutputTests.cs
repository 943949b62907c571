namespace Edu.Sdk.Generators.Tests;

/// <summary>The generated text of a few layers, compared with checked-in files (set EDU_UPDATE_EXPECTED=1 to rewrite them).</summary>
public class ExpectedOutputTests
{
    public const string Mlp = """
        using System;
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Course;

        [Layer]
        public partial class Mlp
        {
            Parameter w1, b1, w2, b2;

            public Mlp(int inputs, int hidden, int classes)
            {
                w1 = nn.Parameter(randn(inputs, hidden) * Math.Sqrt(2.0 / inputs));
                b1 = nn.Parameter(zeros(hidden));
                w2 = nn.Parameter(randn(hidden, classes) * Math.Sqrt(1.0 / hidden));
                b2 = nn.Parameter(zeros(classes));
            }

            [Differentiable]
            Tensor Model(Tensor x)
            {
                var h1 = relu(x.matmul(w1) + b1);
                return h1.matmul(w2) + b2;
            }
        }
        """;

    public const string CrossEntropy = """
        using Edu.Sdk;
        using static Edu.Sdk.torch;

        namespace Course;

        /// <summary>Mean softmax cross-entropy against one-hot targets.</summary>
        [Layer]
        public partial class CrossEntropy
        {
            [Differentiable]
            Tensor Loss(Tensor logits, [NonDifferentiable] Tensor target) => -(target * log_softmax(logits, 1)).sum(1).mean();
        }
        """;

    public const string Elementwise = """
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Course;

        [Layer]
        public partial class Gate
        {
            Parameter w, b;
            public Gate(int n) { w = nn.Parameter(randn(n, n)); b = nn.Parameter(zeros(n)); }

            [Differentiable]
            Tensor Model(Tensor x)
            {
                var g = sigmoid(x.matmul(w) + b);
                var y = g * x + (1.0 - g) * tanh(x);
                return y;
            }
        }
        """;

    public const string LoopedMlp = """
        using System;
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Course;

        [Layer]
        public partial class Dense
        {
            Parameter w, b;
            public Dense(int inputs, int outputs)
            {
                w = nn.Parameter(randn(inputs, outputs) * Math.Sqrt(2.0 / inputs));
                b = nn.Parameter(zeros(outputs));
            }

            [Differentiable]
            public Tensor Model(Tensor x) => relu(x.matmul(w) + b);
        }

        /// <summary>A3's MLP with its depth as a parameter.</summary>
        [Layer]
        public partial class DeepMlp
        {
            Dense[] hidden;
            Parameter w, b;

            public DeepMlp(int inputs, int width, int depth, int classes)
            {
                hidden = new Dense[depth];
                for (int i = 0; i < depth; i++) hidden[i] = new Dense(i == 0 ? inputs : width, width);
                w = nn.Parameter(randn(width, classes) * Math.Sqrt(1.0 / width));
                b = nn.Parameter(zeros(classes));
            }

            [Differentiable]
            Tensor Model(Tensor x)
            {
                var h = x;
                foreach (var layer in hidden) h = layer.Model(h);
                return h.matmul(w) + b;
            }
        }
        """;

    public const string Cnn = """
        using System;
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Course;

        /// <summary>A5's CNN: two convolutions with max pooling, then a linear classifier.</summary>
        [Layer]
        public partial class Cnn
        {
            Parameter c1, cb1, c2, cb2, w, b;

            public Cnn(int classes)
            {
                c1 = nn.Parameter(randn(8, 1, 3, 3) * Math.Sqrt(2.0 / 9));
                cb1 = nn.Parameter(zeros(8));
                c2 = nn.Parameter(randn(16, 8, 3, 3) * Math.Sqrt(2.0 / 72));
                cb2 = nn.Parameter(zeros(16));
                w = nn.Parameter(randn(16 * 4 * 4, classes) * Math.Sqrt(1.0 / 256));
                b = nn.Parameter(zeros(classes));
            }

            [Differentiable]
            Tensor Model(Tensor x)
            {
                var h1 = relu(conv2d(x, c1, cb1, padding: 1));
                var p1 = nn.functional.max_pool2d(h1, 2);
                var h2 = relu(conv2d(p1, c2, cb2, padding: 1));
                var p2 = nn.functional.adaptive_max_pool2d(h2, (4, 4));
                return p2.flatten(1).matmul(w) + b;
            }
        }
        """;

    public const string Branches = """
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Course;

        /// <summary>A dense layer whose bias and activation are switched by fields (if on non-tensor values).</summary>
        [Layer]
        public partial class Switched
        {
            Parameter w, b;
            public bool useBias = true;
            public bool smooth;

            public Switched(int inputs, int outputs)
            {
                w = nn.Parameter(randn(inputs, outputs));
                b = nn.Parameter(zeros(outputs));
            }

            [Differentiable]
            Tensor Model(Tensor x)
            {
                var z = x.matmul(w);
                if (useBias) z = z + b;
                if (smooth) z = tanh(z);
                else z = relu(z);
                return z;
            }
        }
        """;

    public const string Joined = """
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Course;

        /// <summary>Two views of the input joined side by side (cat), then one linear layer.</summary>
        [Layer]
        public partial class Joined
        {
            Parameter w, v;
            public Joined(int inputs, int hidden, int classes) { w = nn.Parameter(randn(inputs, hidden)); v = nn.Parameter(randn(inputs + hidden, classes)); }

            [Differentiable]
            Tensor Model(Tensor x)
            {
                var h = tanh(x.matmul(w));
                var both = cat([x, h], 1);
                return both.matmul(v);
            }
        }
        """;

    [Theory]
    [InlineData("Joined.g.cs", Joined, null)]
    [InlineData("Switched.g.cs", Branches, null)]
    [InlineData("Cnn.g.cs", Cnn, null)]
    [InlineData("DeepMlp.g.cs", LoopedMlp, null)]
    [InlineData("Mlp.g.cs", Mlp, null)]
    [InlineData("CrossEntropy.g.cs", CrossEntropy, null)]
    [InlineData("Gate.g.cs", Elementwise, null)]
    [InlineData("Mlp.manual.g.cs", Mlp, "manual")]
    [InlineData("Classifier.g.cs", CrossEntropyTests.Classifier, null)]
    public void Generated_text_matches_the_checked_in_file(string file, string source, string? mode)
    {
        var r = Harness.Run(source, mode, path: "/course/" + file.Split('.')[0] + ".cs");
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Empty(r.CompileErrors);
        var expectedPath = Path.Combine(DiagnosticTests.RepoRoot(), "tests", "Generators.Tests", "Expected", file);
        if (Environment.GetEnvironmentVariable("EDU_UPDATE_EXPECTED") == "1") File.WriteAllText(expectedPath, r.Generated);
        Assert.Equal(File.ReadAllText(expectedPath), r.Generated);
    }
}
