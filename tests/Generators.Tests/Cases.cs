namespace Edu.Sdk.Generators.Tests;

/// <summary>Layers covering every supported construct; each declares its inputs for a batch of n rows (float64).</summary>
internal static class Cases
{
    static string Layer(string name, string fields, string init, string inputs, string method) => Harness.Usings + $$"""
        namespace Cases;
        [Layer]
        public partial class {{name}}
        {
            {{fields}}
            public {{name}}()
            {
                {{init}}
            }
            public static Tensor[] Inputs(int n) => {{inputs}};
            {{method}}
        }
        """;

    /// <summary>A small generated model (3 → 4) for the loss layers that call one.</summary>
    const string Net = """

        [Layer]
        public partial class Net
        {
            Parameter w, b;
            public Net() { w = nn.Parameter(randn(3, 4, float64)); b = nn.Parameter(randn(4, float64)); }
            [Differentiable]
            public Tensor Model(Tensor x) => tanh(x.matmul(w) + b);
        }
        """;

    static string P(string name, string shape) => $"{name} = nn.Parameter(randn({shape}, float64));";

    public static readonly (string Name, string Source)[] All =
    [
        ("Mlp", Layer("Mlp", "Parameter w1, b1, w2, b2;",
            P("w1", "3, 5") + P("b1", "5") + P("w2", "5, 2") + P("b2", "2"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h1 = relu(x.matmul(w1) + b1);
                return h1.matmul(w2) + b2;
            }
            """)),
        ("Activations", Layer("Activations", "Parameter w1, b1, w2, b2;",
            P("w1", "3, 4") + P("b1", "1, 4") + P("w2", "2, 4") + P("b2", "2"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var a = x.matmul(w1) + b1;
                var h = tanh(a);
                return sigmoid(h.matmul(w2.T) + b2);
            }
            """)),
        // The lower-rank operand on the left: (3) with (n, 3) broadcasts to (n, 3), at a batch of one too, where the
        // workspace took (3) for the result's shape (found by a review).
        ("ParameterFirst", Layer("ParameterFirst", "Parameter b, s;",
            P("b", "3") + P("s", "3"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x) => (b + x) * (s / (x * x + 1.0));
            """)),
        ("Broadcasting", Layer("Broadcasting", "Parameter s, b;",
            P("s", "3") + P("b", "1, 3"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var y = (x * s + b) / (x.exp() + 1.0);
                return y - x.pow(2) * 0.5 + s;
            }
            """)),
        ("LogSqrt", Layer("LogSqrt", "Parameter w;",
            P("w", "3"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x) => (x * x + 1.0).log() + (x * x + 2.0).sqrt() * w;
            """)),
        ("Reassignment", Layer("Reassignment", "Parameter w;",
            P("w", "3, 2"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = x.matmul(w);
                h = h * h + h;
                h = -h + 2.0;
                return h.sum(1, keepdim: true) * h;
            }
            """)),
        ("Softmaxes", Layer("Softmaxes", "Parameter w;",
            P("w", "3, 4"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var p = softmax(x.matmul(w), 1);
                var q = x.matmul(w).log_softmax(-1);
                return (p * q).mean(0) + p.sum(0) + q.mean();
            }
            """)),
        ("Shapes", Layer("Shapes", "Parameter w;",
            P("w", "6, 4"), "[randn(n, 6, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var z = x.matmul(w);
                var r = z.reshape(-1, 2);
                return r.mean(1).flatten() * 3.0 + z.flatten().sum();
            }
            """)),
        ("TwoInputs", Layer("TwoInputs", "Parameter w;",
            P("w", "3, 2"), "[randn(n, 3, float64), randn(n, 2, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor a, Tensor b) => a.matmul(w) * b + b.sum();
            """)),
        // An input named y: the output's default name, so the upstream gradient must be named apart (dL_dy_2).
        ("InputNamedY", Layer("InputNamedY", "Parameter w;",
            P("w", "3, 2"), "[randn(n, 3, float64), randn(n, 2, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x, Tensor y) => sigmoid(x.matmul(w)) * y;
            """)),
        // Locals set from a tuple written out: declared, typed, assigned, a swap (every element computed before any
        // local changes), a discard, and the method's input set again (x_2).
        ("Tuples", Layer("Tuples", "Parameter w, v;",
            P("w", "3, 3") + P("v", "3"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var (a, b) = (x.matmul(w), tanh(x));
                (Tensor c, Tensor _) = (a * v, b);
                (a, b) = (b, a + c);
                (c, _) = (a * b, a);
                (x, _) = (tanh(x), x);
                return a - b + c + x.matmul(w);
            }
            """)),
        // Named arguments in another order than the parameters' (read by position, keepdim took dim's place; a review).
        ("NamedArguments", Layer("NamedArguments", "Parameter w; public long dim = 1; public bool keep = true;",
            P("w", "3, 4"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = softmax(dim: 1, x: x.matmul(w));
                return h.sum(keepdim: keep, dim: dim) * h.mean(keepdim: true, dim: 0).sum(keepdim: false, dim: 1);
            }
            """)),
        // An if whose arms read values from around them besides the one they carry: the method's input and a
        // parameter in one arm, a local made before the if in the other.
        ("SkipBranch", Layer("SkipBranch", "Parameter w, v; public bool useSkip = true;",
            P("w", "3, 3") + P("v", "3"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var g = x.matmul(w);
                var h = tanh(g);
                if (useSkip) h = h + x * v;
                else h = h * g;
                return h;
            }
            """)),
        // if / else if / else: arm k runs when no earlier arm ran and its own condition holds (mode 1 takes the second arm).
        ("ElseIfChain", Layer("ElseIfChain", "Parameter w, b; public int mode = 1; public bool gated = true;",
            P("w", "3, 3") + P("b", "3"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = x.matmul(w);
                if (mode == 0) h = relu(h);
                else if (mode == 1) h = tanh(h) * b;
                else if (gated) h = sigmoid(h) * h;
                else h = h * 2.0 + b;
                return h;
            }
            """)),
        // An empty arm first: when frozen, neither later arm runs (its record stops them).
        ("EmptyFirstArm", Layer("EmptyFirstArm", "Parameter w, b; public bool frozen = false; public bool gated = true;",
            P("w", "3, 3") + P("b", "3"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = x.matmul(w);
                if (frozen) { }
                else if (gated) h = sigmoid(h) * h + b;
                else h = tanh(h);
                return h;
            }
            """)),
        // The same skip connection written with a number instead of an if.
        ("OptionalSkip", Layer("OptionalSkip", "Parameter w; public bool useSkip = true;",
            P("w", "3, 3"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = tanh(x.matmul(w));
                h = h + (useSkip ? 1.0 : 0.0) * x;
                return h;
            }
            """)),
        ("Scalars", Layer("Scalars", "Parameter w;",
            P("w", "3"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var u = 1.0 - x * w;
                var v = 2.0 / (u * u + 1.0);
                return v / 3.0 - 1.5 + x / (w * w + 1.0);
            }
            """)),
        ("TorchFunctions", Layer("TorchFunctions", "Parameter w, v;",
            P("w", "3, 2") + P("v", "2, 4"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x) => torch.tanh(torch.matmul(x, w)).matmul(v).T * 2.0 + torch.exp(x.sum() * 0.1);
            """)),
        ("TransposedProducts", Layer("TransposedProducts", "Parameter w;",
            P("w", "3, 3"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var g = x.T.matmul(x);
                return g.matmul(w.T) + x.t().matmul(x.matmul(w)).T;
            }
            """)),
        ("A5Cnn", Layer("A5Cnn", "Parameter c1, cb1, c2, cb2, w, b;",
            P("c1", "4, 1, 3, 3") + P("cb1", "4") + P("c2", "6, 4, 3, 3") + P("cb2", "6") + P("w", "24, 5") + P("b", "5"),
            "[randn(n, 1, 8, 8, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h1 = relu(conv2d(x, c1, cb1, padding: 1));
                var p1 = nn.functional.max_pool2d(h1, 2);
                var h2 = relu(nn.functional.conv2d(p1, c2, cb2));
                var p2 = nn.functional.adaptive_max_pool2d(h2, (2, 2));
                return p2.flatten(1).matmul(w) + b;
            }
            """)),
        ("Strided", Layer("Strided", "Parameter c;",
            P("c", "3, 2, 2, 2"), "[randn(n, 2, 7, 7, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x) => nn.functional.max_pool2d(conv2d(x, c, stride: 2, padding: 1), 3, 1, 1) * 2.0;
            """)),
        ("StridedPairs", Layer("StridedPairs", "Parameter c, cb, c2;",
            P("c", "3, 2, 3, 2") + P("cb", "3") + P("c2", "2, 3, 2, 2"), "[randn(n, 2, 7, 6, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = relu(conv2d(x, c, cb, (2, 1), (1, 0)));
                var p = nn.functional.max_pool2d(h, (2, 1), stride: (1, 1), padding: (1, 0));
                var q = nn.functional.conv2d(p, c2, null, new long[] { 1, 2 }, [0]);
                return nn.functional.adaptive_max_pool2d(q, new long[] { 2, 1 }) * 2.0;
            }
            """)),
        ("NamedSizes", Layer("NamedSizes", "Parameter c, cb; public long step = 2;",
            P("c", "2, 1, 3, 3") + P("cb", "2"), "[randn(n, 1, 7, 7, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x) => nn.functional.max_pool2d(conv2d(x, c, bias: cb, padding: 1, stride: step), kernel_size: 2, padding: 1);
            """)),
        ("Cat", Layer("Cat", "Parameter w, v, u;",
            P("w", "3, 2") + P("v", "2, 2") + P("u", "6, 3"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var a = x.matmul(w);
                var h = cat([a, v], 0);
                var g = torch.cat(new[] { h, tanh(h), h }, 1);
                return g.matmul(u) + cat([x, x], -1).sum();
            }
            """)),
        ("Branches", Layer("Branches", "Parameter w, b; public bool useBias = true; public int mode = 2;",
            P("w", "3, 2") + P("b", "2"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var z = x.matmul(w);
                if (useBias) z = z + b;
                if (mode == 2)
                {
                    var s = tanh(z);
                    z = s * z;
                }
                else z = z * b;
                return z * 2.0;
            }
            """)),
        ("CrossEntropy", Layer("CrossEntropy", "", "", "[randn(n, 4, float64), nn.functional.one_hot(randint(0, 4, [n]), 4).to(ScalarType.Float64)]",
            """
            [Differentiable]
            public Tensor Loss(Tensor z, [NonDifferentiable] Tensor t) => -(t * log_softmax(z, 1)).sum(1).mean();
            """)),
        ("CrossEntropyLabels", Layer("CrossEntropyLabels", "Parameter w;", P("w", "4"), "[randn(n, 4, float64), randint(0, 4, [n])]",
            """
            [Differentiable]
            public Tensor Loss(Tensor z, [NonDifferentiable] Tensor t) => nn.functional.cross_entropy(z * w, t);
            """)),
        ("CrossEntropyProbabilities", "using static Edu.Sdk.torch.nn.functional;\n" + Layer("CrossEntropyProbabilities", "", "",
            "[randn(n, 4, float64), torch.softmax(randn(n, 4, float64), 1)]",
            """
            [Differentiable]
            public Tensor Loss(Tensor z, [NonDifferentiable] Tensor t) => cross_entropy(z, t, reduction: nn.Reduction.Mean);
            """)),
        ("ClassifierLoss", Layer("ClassifierLoss", "Net model = new();", "", "[randn(n, 3, float64), randint(0, 4, [n])]",
            """
            [Differentiable]
            public Tensor Loss(Tensor x, [NonDifferentiable] Tensor y) => nn.functional.cross_entropy(model.Model(x), y);
            """) + Net),
        // PyTorch's spellings of a linear layer and of a transpose: linear(x, w, b) is x·wᵀ + b with w of shape (out, in).
        ("LinearAndTranspose", Layer("LinearAndTranspose", "Parameter w, b, v;", P("w", "4, 3") + P("b", "4") + P("v", "4, 4"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = tanh(nn.functional.linear(x, w, b));
                var g = nn.functional.linear(h, v.transpose(0, 1));
                return g.transpose(0, 1).matmul(h) + torch.transpose(v, 1, 0) * h.transpose(-1, -2).sum();
            }
            """)),
        // sum and mean over several dims written in the call: a global average pool, and sums counted from the back
        // (kept) and from the front (one reduction per dim, in an order where each dim names the same axis).
        ("ReduceDims", Layer("ReduceDims", "Parameter s, w;", P("s", "4") + P("w", "2, 3"), "[randn(n, 2, 3, 4, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = tanh(x * s);
                var pooled = h.mean(new long[] { 2, 3 });
                var kept = h.sum([-1, -2], keepdim: true);
                var rows = (h * h).sum(new[] { 3L, 2L, 3L });
                return (pooled + kept.flatten(1) * 0.1 + rows).matmul(w);
            }
            """)),
        // linear's bias as a (1, out) row, which PyTorch and the SDK add as a broadcast, as the generated add does.
        ("LinearRowBias", Layer("LinearRowBias", "Parameter w, b;", P("w", "4, 3") + P("b", "1, 4"), "[randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x) => tanh(nn.functional.linear(x, w, b));
            """)),
        // A batch of sequences (n, 2, 3) through a linear layer, as torch.matmul does: every row by the 2-d weight (w * 2.0,
        // a computed weight, takes its gradient over all the rows: overAllRows).
        ("RowsOfSequences", Layer("RowsOfSequences", "Parameter w, b, v, u;", P("w", "3, 4") + P("b", "4") + P("v", "4, 2") + P("u", "4, 2"),
            "[randn(n, 2, 3, float64)]",
            """
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = relu(x.matmul(w * 2.0) + b);
                var g = tanh(h.matmul(v)).matmul(u.T);
                return (g * h).sum(1);
            }
            """)),
        // The mean squared error with each reduction: (y − t)² averaged, summed, or kept per element.
        ("MseLoss", Layer("MseLoss", "Parameter s;", P("s", "3"), "[randn(n, 3, float64), randn(n, 3, float64)]",
            """
            [Differentiable]
            public Tensor Loss(Tensor y, [NonDifferentiable] Tensor t) =>
                nn.functional.mse_loss(y * s, t) + nn.functional.mse_loss(y, t, nn.Reduction.Sum) * 0.1
                + (nn.functional.mse_loss(y, t * s, reduction: nn.Reduction.None) * s).mean();
            """)),
        ("CrossEntropyUnfused", Layer("CrossEntropyUnfused", "Parameter w;", P("w", "4"), "[randn(n, 4, float64), softmax(randn(n, 4, float64), 1)]",
            """
            [Differentiable]
            public Tensor Loss(Tensor z, [NonDifferentiable] Tensor t)
            {
                var logp = log_softmax(z * w, 1);
                return (-(t * logp).sum(1)).mean();
            }
            """)),
    ];
}
