using Edu.Sdk.Tensors;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Layers;

public sealed partial class LayerWorkspace
{
    /// <summary>
    /// <c>op(a)·op(b)</c> for 2-d tensors, where op transposes when asked (read in place, no copy). An (n, s, k) batch of
    /// rows on the left is multiplied row by row, as torch.matmul does with a 2-d right operand: (n, s, m).
    /// </summary>
    /// <param name="name">The result's buffer.</param>
    /// <param name="a">The left operand: a matrix, or an (n, s, k) batch of rows.</param>
    /// <param name="b">The right operand: a matrix (or, <paramref name="overAllRows"/>, a batch of rows).</param>
    /// <param name="transposeA">Multiply by aᵀ (read in place).</param>
    /// <param name="transposeB">Multiply by bᵀ (read in place).</param>
    /// <param name="overAllRows">
    /// For a backward's aᵀ·dL/dy: an (n, s, k) a and an (n, s, m) dL/dy are multiplied as the matrices of their n·s rows
    /// (the gradient of the 2-d right operand of a batch of rows). Without it a transposed operand must be a matrix, as
    /// torch's transpose of a 3-d tensor is another product.
    /// </param>
    public Tensor MatMul(string name, Tensor a, Tensor b, bool transposeA = false, bool transposeB = false, bool overAllRows = false)
    {
        var (m, n) = ProductShape(name, a, b, transposeA, transposeB, overAllRows);
        var r = Buffer(name, a.dtype, ProductDims(a, transposeA, m, n, stackalloc int[3]));
        Kernels.Gemm(a, transposeA, b, transposeB, r, accumulate: false);
        return r;
    }

    /// <summary>
    /// <c>act(a·w + bias)</c> in one GEMM and one pass: the bias rows are written first and the GEMM adds onto them,
    /// then the activation runs in place.
    /// </summary>
    public Tensor MatMulAdd(string name, Tensor a, Tensor w, Tensor bias, Activation activation = Activation.None,
        bool transposeA = false, bool transposeB = false)
    {
        var (m, n) = ProductShape(name, a, w, transposeA, transposeB, overAllRows: false);
        RequireSameDtype(name, a, bias);
        var r = Buffer(name, a.dtype, ProductDims(a, transposeA, m, n, stackalloc int[3]));
        if (bias.numel() == n && Shape.IsSuffix(bias.Dims, r.Dims))
        {
            Kernels.FillRows(r, bias.Contiguous());
            Kernels.Gemm(a, transposeA, w, transposeB, r, accumulate: true);
        }
        else
        {
            Kernels.Gemm(a, transposeA, w, transposeB, r, accumulate: false);
            if (!BroadcastDims(name, r, bias).SequenceEqual(r.Dims))
                throw new ArgumentException(
                    $"{name}: the bias of shape ({bias.ShapeText}) would make the product of shape ({r.ShapeText}) bigger; a bias must broadcast to the product's shape.");
            Elementwise.Binary<AddOp>(name, r, bias, r);
        }
        Kernels.Activate(activation, r);
        return r;
    }

    /// <summary>
    /// The (m, n) of op(a)·op(b): 2-d operands; an (n, s, k) batch of rows on the left, read as its n·s rows (the
    /// forward x·w and the backward dL/dy·wᵀ); or, <paramref name="overAllRows"/>, two batches of rows as xᵀ·dL/dy,
    /// the weight's gradient.
    /// </summary>
    static (int m, int n) ProductShape(string op, Tensor a, Tensor b, bool ta, bool tb, bool overAllRows)
    {
        bool matrices = a.dim() == 2 && b.dim() == 2;
        bool rowsTimesMatrix = a.dim() == 3 && !ta && b.dim() == 2;
        bool rowsTransposedTimesRows = overAllRows && a.dim() == 3 && ta && b.dim() == 3 && !tb;
        if (!matrices && !rowsTimesMatrix && !rowsTransposedTimesRows)
            throw new ArgumentException(
                $"{op}: generated layers multiply 2-d tensors, or an (n, s, k) batch of rows by a 2-d weight, got ({a.ShapeText}){(ta ? "ᵀ" : "")} and ({b.ShapeText}){(tb ? "ᵀ" : "")}; reshape the input first (x.flatten(1)).");
        RequireSameDtype(op, a, b);
        Elementwise.RequireFloat(op, a);
        int rowsA = Kernels.MatrixRows(a), colsA = a.Dims[^1];
        int rowsB = Kernels.MatrixRows(b), colsB = b.Dims[^1];
        int m = ta ? colsA : rowsA, ka = ta ? rowsA : colsA;
        int kb = tb ? colsB : rowsB, n = tb ? rowsB : colsB;
        if (ka != kb)
            throw new ArgumentException($"{op}: cannot multiply ({a.ShapeText}){(ta ? "ᵀ" : "")} by ({b.ShapeText}){(tb ? "ᵀ" : "")}; inner dimensions {ka} and {kb} differ.");
        return (m, n);
    }

    /// <summary>The product's shape: (m, n), or (n, s, m) for a batch of rows on the left (written into <paramref name="dims"/>).</summary>
    static ReadOnlySpan<int> ProductDims(Tensor a, bool ta, int m, int n, Span<int> dims)
    {
        if (a.dim() == 3 && !ta) { dims[0] = a.Dims[0]; dims[1] = a.Dims[1]; dims[2] = n; return dims; }
        dims[0] = m; dims[1] = n;
        return dims[..2];
    }

    /// <summary>
    /// <c>input − target</c> for a loss (<paramref name="loss"/>, e.g. mse_loss): the two must have one shape, as the
    /// SDK's loss requires, since (N, 1) against (N) would broadcast to every pair of prediction and target.
    /// </summary>
    public Tensor Difference(string name, Tensor input, Tensor target, string loss)
    {
        Nn.Losses.RequireSameShape(loss, input, target, "flatten() or reshape(-1, 1)");
        return Sub(name, input, target);
    }

    /// <summary><c>a + b</c> with broadcasting; summed back to <paramref name="sumTo"/>'s shape when given.</summary>
    public Tensor Add(string name, Tensor a, Tensor b, Tensor? sumTo = null) => Binary<AddOp>(name, a, b, sumTo);
    /// <summary><c>a − b</c> with broadcasting; summed back to <paramref name="sumTo"/>'s shape when given.</summary>
    public Tensor Sub(string name, Tensor a, Tensor b, Tensor? sumTo = null) => Binary<SubOp>(name, a, b, sumTo);
    /// <summary><c>a ⊙ b</c> with broadcasting; summed back to <paramref name="sumTo"/>'s shape when given.</summary>
    public Tensor Mul(string name, Tensor a, Tensor b, Tensor? sumTo = null) => Binary<MulOp>(name, a, b, sumTo);
    /// <summary><c>a / b</c> with broadcasting; summed back to <paramref name="sumTo"/>'s shape when given.</summary>
    public Tensor Div(string name, Tensor a, Tensor b, Tensor? sumTo = null) => Binary<DivOp>(name, a, b, sumTo);

    Tensor Binary<TOp>(string name, Tensor a, Tensor b, Tensor? sumTo) where TOp : IBinaryOp
    {
        RequireSameDtype(name, a, b);
        var dims = BroadcastDims(name, a, b);
        if (sumTo is null || sumTo.Dims.SequenceEqual(dims))
            return Elementwise.Binary<TOp>(name, a, b, Buffer(name, a.dtype, dims));
        var full = Elementwise.Binary<TOp>(name, a, b, Scratch(name, a.dtype, dims));
        return SumTo(name, full, sumTo);
    }

    /// <summary><c>a · s</c> for a number s.</summary>
    public Tensor Scale(string name, Tensor a, double s) => Elementwise.Scalar<MulOp>(name, a, s, false, Like(name, a));
    /// <summary><c>a + s</c> for a number s.</summary>
    public Tensor AddScalar(string name, Tensor a, double s) => Elementwise.Scalar<AddOp>(name, a, s, false, Like(name, a));
    /// <summary><c>s − a</c> for a number s.</summary>
    public Tensor ScalarSub(string name, double s, Tensor a) => Elementwise.Scalar<SubOp>(name, a, s, true, Like(name, a));
    /// <summary><c>s / a</c> for a number s.</summary>
    public Tensor ScalarDiv(string name, double s, Tensor a) => Elementwise.Scalar<DivOp>(name, a, s, true, Like(name, a));
    /// <summary><c>−a</c>.</summary>
    public Tensor Neg(string name, Tensor a) => Elementwise.Unary<NegOp>(name, a, Like(name, a));
    /// <summary><c>aᵖ</c> for a number p.</summary>
    public Tensor Pow(string name, Tensor a, double p) => Elementwise.Scalar<PowOp>(name, a, p, false, Like(name, a));
    /// <summary><c>eᵃ</c>.</summary>
    public Tensor Exp(string name, Tensor a) => Elementwise.Unary<ExpOp>(name, a, Like(name, a));
    /// <summary><c>log a</c>.</summary>
    public Tensor Log(string name, Tensor a) => Elementwise.Unary<LogOp>(name, a, Like(name, a));
    /// <summary><c>√a</c>.</summary>
    public Tensor Sqrt(string name, Tensor a) => Elementwise.Unary<SqrtOp>(name, a, Like(name, a));
    /// <summary><c>relu(a) = max(a, 0)</c>.</summary>
    public Tensor Relu(string name, Tensor a) => Elementwise.Unary<ReluOp>(name, a, Like(name, a));
    /// <summary><c>sigmoid(a) = 1 / (1 + e⁻ᵃ)</c>.</summary>
    public Tensor Sigmoid(string name, Tensor a) => Elementwise.Unary<SigmoidOp>(name, a, Like(name, a));
    /// <summary><c>tanh(a)</c>.</summary>
    public Tensor Tanh(string name, Tensor a) => Elementwise.Unary<TanhOp>(name, a, Like(name, a));

    /// <summary>Zeros with <paramref name="like"/>'s dtype and shape (the gradient of an input the output does not depend on).</summary>
    public Tensor Zeros(string name, Tensor like) => Like(name, like).zero_();

    /// <summary>Ones with <paramref name="like"/>'s dtype and shape (dL/dL = 1 for a scalar loss).</summary>
    public Tensor OnesLike(string name, Tensor like) => Like(name, like).fill_(1);

    /// <summary>The buffer <paramref name="name"/> with <paramref name="a"/>'s dtype and shape.</summary>
    public Tensor Like(string name, Tensor a) => Buffer(name, a.dtype, a.Dims);

    /// <summary>Softmax along <paramref name="dim"/>.</summary>
    public Tensor Softmax(string name, Tensor x, long dim) => SoftmaxCore(name, x, dim, log: false);
    /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed stably.</summary>
    public Tensor LogSoftmax(string name, Tensor x, long dim) => SoftmaxCore(name, x, dim, log: true);

    Tensor SoftmaxCore(string name, Tensor x, long dim, bool log)
    {
        Elementwise.RequireFloat(name, x);
        var src = x.Contiguous();
        var ax = new Axis(name, src.Dims, dim, keepdim: true);
        var r = Like(name, src);
        if (x.dtype == ScalarType.Float32) Reduce.Softmax(ax, src.Span<float>(), r.Span<float>(), log);
        else Reduce.Softmax(ax, src.Span<double>(), r.Span<double>(), log);
        r.BumpVersion();
        return r;
    }

    /// <summary>The sum of all elements, as a 0-d tensor.</summary>
    public Tensor Sum(string name, Tensor x) => Kernels.SumAll(x, Buffer(name, x.dtype, []), 1.0);
    /// <summary>The mean of all elements, as a 0-d tensor.</summary>
    public Tensor Mean(string name, Tensor x) => Kernels.SumAll(x, Buffer(name, x.dtype, []), 1.0 / Math.Max(1, x.numel()));

    /// <summary>The sum over <paramref name="dim"/> (kept with size 1 when <paramref name="keepdim"/>).</summary>
    public Tensor Sum(string name, Tensor x, long dim, bool keepdim = false) => SumDim(name, x, dim, keepdim, mean: false);
    /// <summary>The mean over <paramref name="dim"/> (kept with size 1 when <paramref name="keepdim"/>).</summary>
    public Tensor Mean(string name, Tensor x, long dim, bool keepdim = false) => SumDim(name, x, dim, keepdim, mean: true);

    Tensor SumDim(string name, Tensor x, long dim, bool keepdim, bool mean)
    {
        Elementwise.RequireFloat(name, x);
        var src = x.Contiguous();
        var ax = new Axis(name, src.Dims, dim, keepdim);
        Span<int> reduced = stackalloc int[ax.ReducedRank];
        ax.WriteReducedDims(src.Dims, reduced);
        var r = Buffer(name, x.dtype, reduced);
        if (x.dtype == ScalarType.Float32) Reduce.Sum(ax, src.Span<float>(), r.Span<float>());
        else Reduce.Sum(ax, src.Span<double>(), r.Span<double>());
        if (mean && ax.Size != 0) Elementwise.Scalar<MulOp>(name, r, 1.0 / ax.Size, false, r);
        r.BumpVersion();
        return r;
    }

    /// <summary><c>reshape(d0)</c> (−1 for the size that makes the count): a view, kept between steps.</summary>
    public Tensor Reshape(string name, Tensor x, long d0) => Reshape(name, x, stackalloc long[] { d0 });

    /// <summary><c>reshape(d0, d1)</c> (one size may be −1): a view, kept between steps.</summary>
    /// <remarks>Fixed-arity overloads so that generated code passes the sizes without a params array each step.</remarks>
    public Tensor Reshape(string name, Tensor x, long d0, long d1) => Reshape(name, x, stackalloc long[] { d0, d1 });

    /// <summary><c>reshape(d0, d1, d2)</c> (one size may be −1): a view, kept between steps.</summary>
    public Tensor Reshape(string name, Tensor x, long d0, long d1, long d2) => Reshape(name, x, stackalloc long[] { d0, d1, d2 });

    /// <summary><c>reshape(d0, d1, d2, d3)</c> (one size may be −1): a view, kept between steps.</summary>
    public Tensor Reshape(string name, Tensor x, long d0, long d1, long d2, long d3) => Reshape(name, x, stackalloc long[] { d0, d1, d2, d3 });

    /// <summary>The same elements under another shape (one size may be −1): a view, kept between steps.</summary>
    public Tensor Reshape(string name, Tensor x, params ReadOnlySpan<long> shape)
    {
        var src = x.is_contiguous() ? x : Kernels.Materialize(x, Scratch(name, x.dtype, x.Dims));
        return View(_buffers, name, src, shape);
    }

    /// <summary>
    /// <paramref name="src"/> (contiguous) under <paramref name="shape"/>: the view kept in <paramref name="cache"/> under
    /// <paramref name="name"/> while it sees the same storage, else a new one (the first step, or a new batch size).
    /// </summary>
    static Tensor View(Dictionary<string, Tensor> cache, string name, Tensor src, ReadOnlySpan<long> shape)
    {
        if (cache.TryGetValue(name, out var v) && ReferenceEquals(v._storage, src._storage) && v._offset == src._offset && Matches(v.Dims, shape, src.numel()))
            return v;
        using (no_grad()) v = src.detach().reshape(shape.ToArray());
        cache[name] = v;
        return v;
    }

    static bool Matches(ReadOnlySpan<int> dims, ReadOnlySpan<long> shape, long numel)
    {
        if (dims.Length != shape.Length) return false;
        long known = 1; int infer = -1;
        for (int i = 0; i < shape.Length; i++) { if (shape[i] == -1) infer = i; else known *= shape[i]; }
        for (int i = 0; i < shape.Length; i++)
        {
            long want = i == infer ? (known == 0 ? -1 : numel / known) : shape[i];
            if (dims[i] != want) return false;
        }
        return true;
    }

    /// <summary>Merges dims <paramref name="start_dim"/>..<paramref name="end_dim"/> into one: a view, kept between steps.</summary>
    public Tensor Flatten(string name, Tensor x, long start_dim = 0, long end_dim = -1)
    {
        if (x.dim() == 0) return Reshape(name, x, 1);
        int s = Shape.NormalizeDim(name, start_dim, x.Dims), e = Shape.NormalizeDim(name, end_dim, x.Dims);
        if (s > e) throw new ArgumentException($"{name}: start_dim {start_dim} comes after end_dim {end_dim} for a tensor of shape ({x.ShapeText}).");
        Span<long> shape = stackalloc long[x.dim() - (e - s)];
        int j = 0;
        for (int i = 0; i < s; i++) shape[j++] = x.Dims[i];
        long m = 1;
        for (int i = s; i <= e; i++) m *= x.Dims[i];
        shape[j++] = m;
        for (int i = e + 1; i < x.dim(); i++) shape[j++] = x.Dims[i];
        if (_buffers.TryGetValue(name, out var v) && ReferenceEquals(v._storage, x._storage) && v._offset == x._offset && x.is_contiguous())
        {
            bool same = v.dim() == shape.Length;
            for (int i = 0; same && i < shape.Length; i++) same = v.Dims[i] == shape[i];
            if (same) return v;
        }
        return Reshape(name, x, shape);
    }

    /// <summary>The transpose of a 2-d tensor, written out row-major.</summary>
    public Tensor Transpose(string name, Tensor x)
    {
        if (x.dim() != 2) throw new ArgumentException($"{name}: T needs a 2-d tensor, got shape ({x.ShapeText}).");
        var r = Buffer(name, x.dtype, [x.Dims[1], x.Dims[0]]);
        // A transposed view's storage holds xᵀ row-major already; a contiguous x is transposed by the copy.
        if (x._transposed) Array.Copy(x._storage, x._offset, r._storage, 0, x._numel);
        else Tensors.Transpose.Of(x, r);
        r.BumpVersion();
        return r;
    }

    /// <summary>
    /// Softmax cross-entropy of <paramref name="logits"/> (N×C) against <paramref name="target"/> (N×C, one-hot or
    /// class probabilities) in one pass over each row: loss = −(1/N) Σᵢ Σₖ tᵢₖ log softmax(zᵢ)ₖ. The softmax is
    /// written to <paramref name="probabilities"/> for the backward.
    /// </summary>
    public Tensor SoftmaxCrossEntropy(string name, Tensor logits, Tensor target, out Tensor probabilities)
    {
        if (logits.dim() != 2)
            throw new ArgumentException(
                $"{name}: the fused softmax cross-entropy −(t ⊙ log_softmax(z, 1)).sum(1).mean() takes 2-d logits (batch × classes), got ({logits.ShapeText}); " +
                "put the classes last and reshape the logits and the target to rows first: z.reshape(-1, classes).");
        if (!logits.Dims.SequenceEqual(target.Dims))
            throw new ArgumentException(
                $"{name}: softmax cross-entropy needs a one-hot target of the logits' shape, got ({logits.ShapeText}) and ({target.ShapeText}); use torch.nn.functional.one_hot(labels, classes).to(logits.dtype) for the target.");
        RequireSameDtype(name, logits, target);
        return CrossEntropy(name, logits, target, out probabilities);
    }
}
