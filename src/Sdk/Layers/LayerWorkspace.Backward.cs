using Edu.Sdk.Autograd;
using Edu.Sdk.Tensors;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Layers;

public sealed partial class LayerWorkspace
{
    /// <summary>
    /// The value of a one-element gradient (a scalar loss's dL/dL̂) as a double, read in place: <c>ToDouble()</c> on a
    /// Float32 tensor converts it into a new tensor first, an allocation per backward step.
    /// </summary>
    static double ScalarValue(Tensor g) => g.numel() != 1 ? g.ToDouble() : g.dtype switch
    {
        ScalarType.Float32 => g.Span<float>()[0],
        ScalarType.Float64 => g.Span<double>()[0],
        _ => g.ToDouble(),
    };

    /// <summary>
    /// <paramref name="g"/> summed back to <paramref name="like"/>'s shape (over the dims the forward broadcast);
    /// <paramref name="g"/> itself when the shapes already match.
    /// </summary>
    public Tensor SumTo(string name, Tensor g, Tensor like)
    {
        if (g.Dims.SequenceEqual(like.Dims)) return g;
        var r = Like(name, like);
        Kernels.SumInto(g, r, accumulate: false);
        return r;
    }

    /// <summary><c>target += g</c>, with <paramref name="g"/> summed to the target's shape; nothing when the target is null (a frozen parameter).</summary>
    public void AddTo(Tensor? target, Tensor g) => AddTo(new GradientTarget(target, 1, stepsParameter: false), g);

    /// <summary>A gradient into <c>grad</c> (target += g), or an SGD step into the parameter (p += −lr·g): see <see cref="GradOrStepOf"/>.</summary>
    public void AddTo(GradientTarget target, Tensor g)
    {
        if (target.Tensor is not { } t) return;
        RequireSameDtype("backward", t, g);
        // A gradient kept as an outer product (a buffer taken once from GradOf and added into twice) is written first.
        t.WritePendingOuter();
        Kernels.SumInto(g, t, accumulate: Accumulates(target), target.Scale);
    }

    /// <summary><c>target += op(a)·op(b)</c> (a GEMM with β = 1); nothing when the target is null (a frozen parameter).</summary>
    public void AddMatMul(Tensor? target, Tensor a, Tensor b, bool transposeA = false, bool transposeB = false) =>
        AddMatMul(new GradientTarget(target, 1, stepsParameter: false), a, b, transposeA, transposeB);

    /// <summary>
    /// <c>grad += op(a)·op(b)</c>, or the SGD step p += −lr·op(a)·op(b) as one GEMM with α = −lr, β = 1 (see
    /// <see cref="GradOrStepOf"/>).
    /// </summary>
    public void AddMatMul(GradientTarget target, Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        if (target.Tensor is not { } t) return;
        var (m, n) = ProductShape("backward", a, b, transposeA, transposeB, overAllRows: true);
        // The product's shape: (m, n), or (n, s, m) for a batch of rows on the left (a 3-d parameter's gradient).
        var dims = ProductDims(a, transposeA, m, n, stackalloc int[3]);
        if (!t.Dims.SequenceEqual(dims))
            throw new ArgumentException($"backward: a gradient of shape ({t.ShapeText}) cannot take a product of shape ({Shape.Format(dims)}).");
        t.WritePendingOuter();
        int k = transposeA ? Kernels.MatrixRows(a) : a.Dims[^1];
        // A batch of one into a logically zero gradient: the outer product's factors are kept (see PendingOuter).
        if (k == 1 && t.dim() == 2 && !target.StepsParameter && PendingOuter.TryKeep(t, a, b, target.Scale)) return;
        Kernels.Gemm(a, transposeA, b, transposeB, t, accumulate: Accumulates(target), target.Scale);
    }

    /// <summary>A step always adds into the parameter; a gradient buffer is written instead while logically zero.</summary>
    static bool Accumulates(GradientTarget target) => target.StepsParameter || ForAccumulation(target.Tensor!);

    /// <summary>
    /// dL/da = dL/dh ⊙ 1[h &gt; 0] for h = relu(a), in one pass; with <paramref name="biasGrad"/>, also adds the
    /// rows of dL/da into it (the gradient of a bias added before the activation).
    /// </summary>
    public Tensor ReluBackward(string name, Tensor g, Tensor h, Tensor? biasGrad = null) => ActivationBackward(name, Activation.Relu, g, h, biasGrad);
    /// <summary>dL/da = dL/dh ⊙ h(1 − h) for h = sigmoid(a); with <paramref name="biasGrad"/>, also adds the rows into it.</summary>
    public Tensor SigmoidBackward(string name, Tensor g, Tensor h, Tensor? biasGrad = null) => ActivationBackward(name, Activation.Sigmoid, g, h, biasGrad);
    /// <summary>dL/da = dL/dh ⊙ (1 − h²) for h = tanh(a); with <paramref name="biasGrad"/>, also adds the rows into it.</summary>
    public Tensor TanhBackward(string name, Tensor g, Tensor h, Tensor? biasGrad = null) => ActivationBackward(name, Activation.Tanh, g, h, biasGrad);

    Tensor ActivationBackward(string name, Activation act, Tensor g, Tensor h, Tensor? biasGrad)
    {
        biasGrad?.WritePending();
        RequireSameDtype(name, g, h);
        if (!g.Dims.SequenceEqual(h.Dims))
            throw new ArgumentException($"{name}: the gradient has shape ({g.ShapeText}) but the activation has shape ({h.ShapeText}).");
        var r = Like(name, h);
        // A bias that repeats along h's rows gets its gradient in the same pass; another broadcast (a column bias
        // of shape (rows, 1)) is summed from dL/da after it (found by a review).
        if (biasGrad is null || Kernels.RepeatsAlongRows(biasGrad, h)) Kernels.ActivationBackward(act, g.Contiguous(), h.Contiguous(), r, biasGrad);
        else
        {
            Kernels.ActivationBackward(act, g.Contiguous(), h.Contiguous(), r, null);
            Kernels.SumInto(r, biasGrad, accumulate: true);
        }
        return r;
    }

    /// <summary>dL/da = p · dL/dy ⊙ a^(p−1) for y = aᵖ.</summary>
    public Tensor PowBackward(string name, Tensor g, Tensor a, double p)
    {
        if (p == 2) return SquareBackward(name, g, a);
        var r = Pow(name, a, p - 1);
        Elementwise.Binary<MulOp>(name, r, g, r);
        return p == 1 ? r : Elementwise.Scalar<MulOp>(name, r, p, false, r);
    }

    /// <summary>dL/da = 2 · dL/dy ⊙ a for y = a ⊙ a, or y = a^2.</summary>
    public Tensor SquareBackward(string name, Tensor g, Tensor a)
    {
        var r = Mul(name, g, a);
        return Elementwise.Scalar<MulOp>(name, r, 2, false, r);
    }

    /// <summary>dL/da = dL/dy / (2y) for y = √a.</summary>
    public Tensor SqrtBackward(string name, Tensor g, Tensor y)
    {
        var r = Div(name, g, y);
        return Elementwise.Scalar<MulOp>(name, r, 0.5, false, r);
    }

    /// <summary>dL/db = −dL/dy ⊙ y / b for y = a / b (summed back to b's shape); also s / b for a number s.</summary>
    public Tensor DivisorBackward(string name, Tensor g, Tensor y, Tensor b)
    {
        var dims = BroadcastDims(name, g, b);
        var full = Scratch(name, g.dtype, dims);
        Elementwise.Binary<MulOp>(name, g, y, full);
        Elementwise.Binary<DivOp>(name, full, b, full);
        Elementwise.Unary<NegOp>(name, full, full);
        if (dims.SequenceEqual(b.Dims)) return Copy(full, Like(name, b));
        return SumTo(name, full, b);
    }

    static Tensor Copy(Tensor src, Tensor dst)
    {
        Array.Copy(src._storage, src._offset, dst._storage, dst._offset, src.numel());
        dst.BumpVersion();
        return dst;
    }

    /// <summary>dL/dx = y ⊙ (dL/dy − Σ_dim dL/dy ⊙ y) for y = softmax(x) along <paramref name="dim"/>.</summary>
    public Tensor SoftmaxBackward(string name, Tensor g, Tensor y, long dim)
    {
        var gy = Elementwise.Binary<MulOp>(name, g, y, Scratch(name, g.dtype, g.Dims));
        var s = SumKeep(name, gy, dim);
        var r = Sub(name, g, s);
        return Elementwise.Binary<MulOp>(name, r, y, r);
    }

    /// <summary>dL/dx = dL/dy − softmax(x) ⊙ Σ_dim dL/dy for y = log_softmax(x) along <paramref name="dim"/> (softmax(x) = eʸ).</summary>
    public Tensor LogSoftmaxBackward(string name, Tensor g, Tensor y, long dim)
    {
        var s = SumKeep(name, g, dim);
        var p = Elementwise.Unary<ExpOp>(name, y, Scratch(name, y.dtype, y.Dims));
        Elementwise.Binary<MulOp>(name, p, s, p);
        return Elementwise.Binary<SubOp>(name, g, p, Like(name, g));
    }

    readonly Dictionary<string, Tensor> _sums = new(StringComparer.Ordinal);

    Tensor SumKeep(string name, Tensor x, long dim)
    {
        var src = x.Contiguous();
        var ax = new Axis(name, src.Dims, dim, keepdim: true);
        Span<int> reduced = stackalloc int[ax.ReducedRank];
        ax.WriteReducedDims(src.Dims, reduced);
        var r = Get(_sums, name, x.dtype, reduced);
        if (x.dtype == ScalarType.Float32) Reduce.Sum(ax, src.Span<float>(), r.Span<float>());
        else Reduce.Sum(ax, src.Span<double>(), r.Span<double>());
        return r;
    }

    /// <summary>dL/dx for y = sum(x) (or mean(x) with <paramref name="scale"/> = 1/n): the one value of dL/dy, times the scale, everywhere.</summary>
    public Tensor SumBackward(string name, Tensor g, Tensor like, double scale = 1)
    {
        if (g.numel() != 1) throw new ArgumentException($"{name}: the gradient of a full sum is one number, got shape ({g.ShapeText}).");
        var r = Like(name, like);
        return r.fill_(ScalarValue(g) * scale);
    }

    /// <summary>dL/dx = 1/n · dL/dy everywhere for y = mean(x) over all n elements.</summary>
    public Tensor MeanBackward(string name, Tensor g, Tensor like) => SumBackward(name, g, like, 1.0 / Math.Max(1, like.numel()));

    /// <summary>dL/dx for y = sum(x, dim): dL/dy repeated along <paramref name="dim"/> (and scaled by <paramref name="scale"/>).</summary>
    public Tensor SumBackward(string name, Tensor g, Tensor like, long dim, bool keepdim, double scale = 1)
    {
        int d = Shape.NormalizeDim(name, dim, like.Dims);
        var r = Like(name, like);
        var src = g.Contiguous();
        // g has like's shape with dim d removed (or kept as 1): broadcasting it needs d present as 1.
        Tensor gk = keepdim || like.dim() == 0 ? src : KeptDims(name, src, like, d);
        Elementwise.Binary<AddOp>(name, Zero(r), gk, r);
        return scale == 1 ? r : Elementwise.Scalar<MulOp>(name, r, scale, false, r);
    }

    /// <summary>dL/dx for y = mean(x, dim): dL/dy / n repeated along <paramref name="dim"/>.</summary>
    public Tensor MeanBackward(string name, Tensor g, Tensor like, long dim, bool keepdim)
    {
        int d = Shape.NormalizeDim(name, dim, like.Dims);
        return SumBackward(name, g, like, dim, keepdim, 1.0 / Math.Max(1, like.Dims[d]));
    }

    static Tensor Zero(Tensor r) => r.zero_();

    Tensor KeptDims(string name, Tensor g, Tensor like, int d)
    {
        Span<long> shape = stackalloc long[like.dim()];
        for (int i = 0; i < like.dim(); i++) shape[i] = i == d ? 1 : like.Dims[i];
        return View(_views, name, g, shape);
    }

    /// <summary>dL/dx = dL/dy viewed in x's shape, for y = reshape(x) or flatten(x).</summary>
    public Tensor ReshapeBackward(string name, Tensor g, Tensor like)
    {
        Span<long> shape = stackalloc long[like.dim()];
        for (int i = 0; i < shape.Length; i++) shape[i] = like.Dims[i];
        return Reshape(name, g, shape);
    }

    /// <summary>
    /// dL/dz = dL/dL̂ · (1/N) (p · Σₖ tₖ − t) for the fused softmax cross-entropy, with p the softmax saved by the
    /// forward (p − t for a one-hot target).
    /// </summary>
    public Tensor SoftmaxCrossEntropyBackward(string name, Tensor g, Tensor probabilities, Tensor target) =>
        CrossEntropyBackward(name, g, probabilities, target);
}
