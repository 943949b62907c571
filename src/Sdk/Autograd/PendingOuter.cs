using Edu.Sdk.Layers;
using static Edu.Sdk.torch;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Autograd;

/// <summary>
/// A weight gradient from a batch of one, kept as its two factors until something reads it: g = α·u·v, u a column of
/// m values (the input row) and v a row of n values (dL/d(output)). A generated backward leaves a logically zero
/// gradient this way instead of writing its m·n values (<see cref="LayerWorkspace.AddMatMul(GradientTarget, Tensor, Tensor, bool, bool)"/>),
/// and so does the tape's product node (<see cref="GradSink.AddProduct"/>);
/// reading <c>p.grad</c>, or another backward adding into it, writes them (<see cref="Tensor.grad"/>). Plain SGD
/// applies p ← p − lr·α·u·v straight from the factors: at batch 1 the 784×10 gradient of the A2 regression is then
/// never written and read back, which takes a third off its step. Only a gradient tensor user code has not been given
/// (<see cref="Tensor._handedOut"/>) is kept this way: a reference user code keeps must show each new gradient.
/// </summary>
internal sealed class PendingOuter
{
    Tensor? _u, _v;
    double _alpha;

    /// <summary>True while the gradient tensor holding this is logically α·u·v (its memory holds something older).</summary>
    public bool Active { get; set; }

    /// <summary>
    /// For a product op(a)·op(b) with an inner dimension of 1 about to go into <paramref name="grad"/>: when the
    /// gradient is logically zero and user code has not been given it, keeps the factors in it (times
    /// <paramref name="alpha"/>) and returns true; false, touching nothing, when the product must be written.
    /// </summary>
    public static bool TryKeep(Tensor grad, Tensor a, Tensor b, double alpha)
    {
        if (!grad._zeroPending || grad._handedOut || a.dtype != grad.dtype || b.dtype != grad.dtype) return false;
        grad.TakeZeroPending();
        (grad._outer ??= new PendingOuter()).Set(a, b, alpha);
        grad.BumpVersion();
        return true;
    }

    /// <summary>
    /// Keeps copies of op(a) (m×1) and op(b) (1×n), dense or transposed views as the GEMM reads them: with an inner
    /// dimension of 1 their storage holds exactly the m and n values in order. u is kept as a row and read transposed,
    /// as a generated backward passes the input row (xᵀ·dL/dy), which is the layout the batch-of-one kernel takes.
    /// </summary>
    void Set(Tensor a, Tensor b, double alpha)
    {
        _u = Copy(a, _u);
        _v = Copy(b, _v);
        _alpha = alpha;
        Active = true;
    }

    /// <summary>Copies the vector's values into a row kept from earlier calls (no allocation once made).</summary>
    static Tensor Copy(Tensor from, Tensor? row)
    {
        int count = from._numel;
        if (row is null || row.dtype != from.dtype || row._numel != count) row = Tensor.Empty(from.dtype, [1, count]);
        Array.Copy(from._storage, from._offset, row._storage, row._offset, count);
        return row;
    }

    /// <summary>The factors of the gradient α·u·v, for a reader that can use them without writing the product (the gradient monitor's norm).</summary>
    public (Tensor U, Tensor V, double Alpha) Factors => (_u!, _v!, _alpha);

    /// <summary>Writes α·u·v into <paramref name="grad"/>, which then holds the gradient itself.</summary>
    public void WriteInto(Tensor grad)
    {
        Active = false;
        Kernels.Gemm(_u!, true, _v!, false, grad, accumulate: false, _alpha);
    }

    /// <summary>target ← target + scale·α·u·v (an SGD step with scale −lr); the gradient stays pending.</summary>
    public void AddInto(Tensor target, double scale) => Kernels.Gemm(_u!, true, _v!, false, target, accumulate: true, _alpha * scale);
}
