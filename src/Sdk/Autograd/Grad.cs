using Edu.Sdk.Tensors;

namespace Edu.Sdk.Autograd;

/// <summary>Helpers shared by backward nodes.</summary>
internal static class Grad
{
    /// <summary>
    /// Reduces a broadcast gradient back to the operand's shape: if y = f(broadcast(a)), then
    /// dL/da = Σ over the broadcast dims of dL/dy (leading dims that a lacks, and dims where a has size 1).
    /// </summary>
    public static torch.Tensor SumTo(torch.Tensor g, int[] dims)
    {
        if (g.Dims.SequenceEqual(dims)) return g;
        int lead = g.dim() - dims.Length;
        var r = g;
        for (int i = 0; i < lead; i++) r = r.sum(0);
        for (int i = 0; i < dims.Length; i++)
            if (dims[i] == 1 && r.Dims[i] != 1) r = r.sum(i, keepdim: true);
        return r;
    }

    /// <summary>
    /// <see cref="SumTo(torch.Tensor, int[])"/>, added straight into a leaf's grad buffer when one is given and the
    /// reduction is the bias case (a row vector broadcast over the rows of a matrix): Σᵢ dL/dy[i, :] += into.
    /// </summary>
    public static torch.Tensor SumTo(torch.Tensor g, int[] dims, torch.Tensor? into)
    {
        if (into is null || dims.Length != 1 || g.dim() != 2 || g.Dims[1] != dims[0] || g.dtype != into.dtype)
            return into is null || !g.Dims.SequenceEqual(dims) ? SumTo(g, dims) : AddInto(g, into);
        g = g.Contiguous();
        if (g.dtype == ScalarType.Float32) AddRows(g.Span<float>(), into.Span<float>());
        else AddRows(g.Span<double>(), into.Span<double>());
        return GradSink.Accumulated;
    }

    static torch.Tensor AddInto(torch.Tensor g, torch.Tensor into)
    {
        into.add_(g);
        return GradSink.Accumulated;
    }

    static void AddRows<T>(ReadOnlySpan<T> g, Span<T> into) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int n = into.Length;
        for (int o = 0; o < g.Length; o += n)
            System.Numerics.Tensors.TensorPrimitives.Add(into, g.Slice(o, n), into);
    }

    /// <summary>dL/dy reshaped so it broadcasts against the input of a reduction over <paramref name="dim"/>.</summary>
    public static torch.Tensor Unreduce(torch.Tensor g, int dim, bool keepdim, int inputRank) =>
        keepdim || inputRank == 0 ? g : g.unsqueeze(dim);
}
