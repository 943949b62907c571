using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Edu.Sdk.Tensors;
using static Edu.Sdk.torch;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Layers;

/// <summary>The loops behind <see cref="LayerWorkspace"/>: GEMM with transposes, bias rows, fused activation backward and softmax cross-entropy.</summary>
internal static class Kernels
{
    /// <summary>r = op(a)·op(b) (+ r when <paramref name="accumulate"/>), reading transposed views in place.</summary>
    public static void Gemm(Tensor a, bool ta, Tensor b, bool tb, Tensor r, bool accumulate, double alpha = 1)
    {
        // A transposed view's storage holds the row-major transpose: flip the flag instead of copying.
        bool fa = ta ^ a._transposed, fb = tb ^ b._transposed;
        int aRows = StoredRows(a), aCols = StoredCols(a);
        int bRows = StoredRows(b), bCols = StoredCols(b);
        int m = fa ? aCols : aRows, k = fa ? aRows : aCols, n = fb ? bRows : bCols;
        if (a.dtype == ScalarType.Float32)
            Tensors.Gemm.SgemmForLayer(fa, fb, m, n, k, (float)alpha, new ReadOnlySpan<float>((float[])a._storage, a._offset, a._numel),
                aCols, new ReadOnlySpan<float>((float[])b._storage, b._offset, b._numel), bCols, accumulate ? 1f : 0f, r.Span<float>(), n);
        else
            Tensors.Gemm.Dgemm(fa, fb, m, n, k, alpha, new ReadOnlySpan<double>((double[])a._storage, a._offset, a._numel),
                aCols, new ReadOnlySpan<double>((double[])b._storage, b._offset, b._numel), bCols, accumulate ? 1.0 : 0.0, r.Span<double>(), n);
        r.BumpVersion();
    }

    /// <summary>
    /// The rows of the matrix a product sees in <paramref name="t"/>: a 2-d tensor's, or for an (n, s, k) batch of rows
    /// the n·s rows of k it holds (torch.matmul with a 2-d right operand multiplies each row alike).
    /// </summary>
    public static int MatrixRows(Tensor t) => t.dim() == 3 ? t.Dims[0] * t.Dims[1] : t.Dims[0];

    /// <summary>The rows of the matrix in <paramref name="t"/>'s storage: <see cref="MatrixRows"/>, or a transposed view's columns.</summary>
    static int StoredRows(Tensor t) => t._transposed ? t.Dims[1] : MatrixRows(t);

    /// <summary>The columns of the matrix <see cref="StoredRows"/> describes.</summary>
    static int StoredCols(Tensor t) => t._transposed ? t.Dims[0] : t.Dims[^1];

    /// <summary>Writes <paramref name="row"/> into every row of <paramref name="r"/>.</summary>
    public static void FillRows(Tensor r, Tensor row)
    {
        if (r.dtype == ScalarType.Float32) FillRows(r.Span<float>(), row.Span<float>());
        else FillRows(r.Span<double>(), row.Span<double>());
    }

    static void FillRows<T>(Span<T> r, ReadOnlySpan<T> row)
    {
        for (int o = 0; o < r.Length; o += row.Length) row.CopyTo(r.Slice(o, row.Length));
    }

    /// <summary>Applies <paramref name="act"/> in place.</summary>
    public static void Activate(Activation act, Tensor r)
    {
        switch (act)
        {
            case Activation.Relu: Elementwise.Unary<ReluOp>("relu", r, r); break;
            case Activation.Sigmoid: Elementwise.Unary<SigmoidOp>("sigmoid", r, r); break;
            case Activation.Tanh: Elementwise.Unary<TanhOp>("tanh", r, r); break;
        }
    }

    /// <summary>r (0-d) = scale · Σ x.</summary>
    public static Tensor SumAll(Tensor x, Tensor r, double scale)
    {
        Elementwise.RequireFloat("sum", x);
        var src = x.Contiguous();
        if (x.dtype == ScalarType.Float32) r.Span<float>()[0] = (float)(TensorPrimitives.Sum(src.Span<float>()) * scale);
        else r.Span<double>()[0] = TensorPrimitives.Sum(src.Span<double>()) * scale;
        r.BumpVersion();
        return r;
    }

    /// <summary>target (+)= g summed over the dims where target was broadcast.</summary>
    public static void SumInto(Tensor g, Tensor target, bool accumulate, double scale = 1)
    {
        var src = g.Contiguous();
        if (src.Dims.SequenceEqual(target.Dims) || (target.numel() == src.numel() && Shape.IsSuffix(target.Dims, src.Dims)))
        {
            if (g.dtype == ScalarType.Float32) Add(src.Span<float>(), target.Span<float>(), accumulate, (float)scale);
            else Add(src.Span<double>(), target.Span<double>(), accumulate, scale);
        }
        else if (Shape.IsSuffix(target.Dims, src.Dims))
        {
            // The common broadcast: target repeats along g's leading dims (a bias over a batch): add up the rows.
            if (g.dtype == ScalarType.Float32) RowSums(src.Span<float>(), target.Span<float>(), accumulate, (float)scale);
            else RowSums(src.Span<double>(), target.Span<double>(), accumulate, scale);
        }
        else
        {
            // Any other broadcast (a (n, 1) column over (n, k)): walk g by rows, each row adding into the part of target
            // it was broadcast from.
            if (!Shape.BroadcastsTo(target.Dims, src.Dims))
                throw new ArgumentException($"backward: a gradient of shape ({g.ShapeText}) cannot be summed to shape ({target.ShapeText}).");
            var layout = BroadcastLayout.For("backward", target.Dims, src.Dims);
            if (g.dtype == ScalarType.Float32) BroadcastSums(layout, src.Span<float>(), target.Span<float>(), accumulate, (float)scale);
            else BroadcastSums(layout, src.Span<double>(), target.Span<double>(), accumulate, scale);
        }
        target.BumpVersion();
    }

    /// <summary>t (+)= scale · g summed over the dims where t was broadcast to g's shape by <paramref name="l"/> (t op g).</summary>
    static void BroadcastSums<T>(BroadcastLayout l, ReadOnlySpan<T> g, Span<T> t, bool accumulate, T scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sum = ArrayPool<T>.Shared.Rent(t.Length);
        try
        {
            var s = sum.AsSpan(0, t.Length);
            s.Clear();
            var c = new BroadcastLayout.Cursor(l, stackalloc int[l.OuterRank]);
            int n = l.Inner;
            for (int r = 0; r < l.Rows; r++, c.Next())
            {
                var row = g.Slice(c.OffsetB, n);
                if (l.InnerStrideA == 1) TensorPrimitives.Add(s.Slice(c.OffsetA, n), row, s.Slice(c.OffsetA, n));
                else s[c.OffsetA] += TensorPrimitives.Sum(row);
            }
            Add<T>(s, t, accumulate, scale);
        }
        finally { ArrayPool<T>.Shared.Return(sum); }
    }

    /// <summary>t = scale·g, or t += scale·g when accumulating.</summary>
    static void Add<T>(ReadOnlySpan<T> g, Span<T> t, bool accumulate, T scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (scale == T.One)
        {
            if (accumulate) TensorPrimitives.Add(t, g, t);
            else g.CopyTo(t);
        }
        else if (accumulate) TensorPrimitives.MultiplyAdd(g, scale, t, t);
        else TensorPrimitives.Multiply(g, scale, t);
    }

    static void RowSums<T>(ReadOnlySpan<T> g, Span<T> t, bool accumulate, T scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = t.Length;
        if (n == 0) return;
        if (scale != T.One)
        {
            // The rows' sum first, then scaled into t once (an SGD step taken in the backward: t is the bias itself).
            var sum = ArrayPool<T>.Shared.Rent(n);
            try
            {
                RowSums(g, sum.AsSpan(0, n), accumulate: false, T.One);
                Add<T>(sum.AsSpan(0, n), t, accumulate, scale);
            }
            finally
            {
                ArrayPool<T>.Shared.Return(sum);
            }
            return;
        }
        if (!accumulate) t.Clear();
        for (int o = 0; o < g.Length; o += n) TensorPrimitives.Add(t, g.Slice(o, n), t);
    }

    /// <summary>True when <paramref name="bias"/> is one row of <paramref name="h"/>'s trailing dims, repeated along the others.</summary>
    public static bool RepeatsAlongRows(Tensor bias, Tensor h) =>
        bias._numel > 0 && h.numel() % bias._numel == 0 && Shape.IsSuffix(bias.Dims, h.Dims);

    /// <summary>r = g ⊙ act'(h), expressed through the activation's output h; biasGrad += the rows of r, in the same pass.</summary>
    public static void ActivationBackward(Activation act, Tensor g, Tensor h, Tensor r, Tensor? biasGrad)
    {
        int n = biasGrad is null ? h._numel : biasGrad._numel;
        if (biasGrad is not null && !RepeatsAlongRows(biasGrad, h))
            throw new ArgumentException($"backward: a bias gradient of shape ({biasGrad.ShapeText}) does not repeat along the rows of ({h.ShapeText}).");
        if (h.dtype == ScalarType.Float32)
            ActivationBackward(act, g.Span<float>(), h.Span<float>(), r.Span<float>(), biasGrad is null ? default : biasGrad.Span<float>(), n);
        else
            ActivationBackward(act, g.Span<double>(), h.Span<double>(), r.Span<double>(), biasGrad is null ? default : biasGrad.Span<double>(), n);
        r.BumpVersion();
        biasGrad?.BumpVersion();
    }

    static void ActivationBackward<T>(Activation act, ReadOnlySpan<T> g, ReadOnlySpan<T> h, Span<T> r, Span<T> bias, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n == 0) return;
        for (int o = 0; o < h.Length; o += n)
        {
            var gr = g.Slice(o, n); var hr = h.Slice(o, n); var rr = r.Slice(o, n);
            switch (act)
            {
                case Activation.Relu: ActivationGrad.Relu(hr, gr, rr); break;
                case Activation.Sigmoid: ActivationGrad.Sigmoid(hr, gr, rr); break;
                case Activation.Tanh: ActivationGrad.Tanh(hr, gr, rr); break;
                default: gr.CopyTo(rr); break;
            }
            if (!bias.IsEmpty) TensorPrimitives.Add(bias, rr, bias);
        }
    }

    /// <summary>r = x written out row-major (x a transposed view).</summary>
    public static Tensor Materialize(Tensor x, Tensor r)
    {
        Transpose.Materialize(x, r);
        r.BumpVersion();
        return r;
    }

    /// <summary>Per row: p = softmax(z), loss −= Σₖ tₖ log pₖ = Σₖ tₖ (lse − zₖ); loss /= N.</summary>
    internal static double SoftmaxCrossEntropy<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> t, Span<T> p, int rows, int c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> scratch = rows <= MaxStackRows ? stackalloc T[2 * rows] : new T[2 * rows];
        Span<T> max = scratch[..rows], logSum = scratch[rows..];
        SoftmaxRows(z, p, max, logSum, rows, c);
        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            var zi = z.Slice(i * c, c); var ti = t.Slice(i * c, c);
            double m = double.CreateChecked(max[i]), tSum = 0, tShifted = 0;
            for (int k = 0; k < c; k++)
            {
                double tk = double.CreateChecked(ti[k]);
                tSum += tk;
                tShifted += tk * (m - double.CreateChecked(zi[k]));
            }
            // Σₖ tₖ (lse − zₖ) = Σₖ tₖ (m − zₖ) + log Σ exp(z − m) · Σₖ tₖ, with m − zₖ exact in double.
            total += tShifted + double.CreateChecked(logSum[i]) * tSum;
        }
        return rows == 0 ? double.NaN : total / rows;
    }

    /// <summary>Rows up to this many keep their scratch (two numbers per row) on the stack; more get an array.</summary>
    internal const int MaxStackRows = 256;

    /// <summary>
    /// p = softmax(z) row by row, with each row's max and log Σₖ exp(zₖ − max), so that log-sum-exp is max + logSum
    /// and no exp overflows.
    /// </summary>
    // Rows of a classifier are short (10 classes): a library call per row and per step would cost more than the
    // arithmetic, so the rows are walked with plain loops, and the two expensive functions, exp and log, each run
    // once over the whole batch, vectorised. The max and the log are kept apart: the loss adds them in double, since
    // for a confident row log Σ exp is far below one float ulp of the max and would be rounded away.
    internal static void SoftmaxRows<T>(ReadOnlySpan<T> z, Span<T> p, Span<T> max, Span<T> logSum, int rows, int c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && ShortRows.Applies(c))
        {
            ShortRows.Softmax(MemoryMarshal.Cast<T, float>(z), MemoryMarshal.Cast<T, float>(p), MemoryMarshal.Cast<T, float>(max),
                MemoryMarshal.Cast<T, float>(logSum), rows, c);
            return;
        }
        for (int i = 0; i < rows; i++)
        {
            var zi = z.Slice(i * c, c); var pi = p.Slice(i * c, c);
            T m = RowMax(zi);
            max[i] = m;
            for (int k = 0; k < c; k++) pi[k] = zi[k] - m;
        }
        TensorPrimitives.Exp(p.Slice(0, rows * c), p);
        for (int i = 0; i < rows; i++) logSum[i] = NormalizeRow(p.Slice(i * c, c));
        TensorPrimitives.Log(logSum[..rows], logSum);
    }

    /// <summary>Divides a row of exp(z − max) by its sum, making it the softmax; returns the sum (for log Σ exp).</summary>
    internal static T NormalizeRow<T>(Span<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T s = T.Zero;
        foreach (var v in row) s += v;
        T inv = T.One / s;
        for (int k = 0; k < row.Length; k++) row[k] *= inv;
        return s;
    }

    /// <summary>The largest logit of a row; 0 when it is infinite, so z − max stays defined.</summary>
    internal static T RowMax<T>(ReadOnlySpan<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // MaxNative is one maxss (T.Max is several instructions, for its NaN and ±0 rules, and was most of the
        // loss's time on rows of 10) with no branch to mispredict on random logits. It may drop a NaN, but a NaN logit
        // still makes its row's exp, sum and loss NaN.
        T m = T.NegativeInfinity;
        foreach (var v in row) m = T.MaxNative(m, v);
        return T.IsInfinity(m) ? T.Zero : m;
    }

    /// <summary>r = g/N · (p · Σₖ tₖ − t), row by row.</summary>
    internal static void SoftmaxCrossEntropyBackward<T>(double g, ReadOnlySpan<T> p, ReadOnlySpan<T> t, Span<T> r, int rows, int c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T scale = T.CreateChecked(g / Math.Max(rows, 1));
        for (int i = 0; i < rows; i++)
        {
            var pi = p.Slice(i * c, c); var ti = t.Slice(i * c, c); var ri = r.Slice(i * c, c);
            T st = T.Zero;
            for (int k = 0; k < c; k++) st += ti[k];
            for (int k = 0; k < c; k++) ri[k] = (pi[k] * st - ti[k]) * scale;
        }
    }
}
