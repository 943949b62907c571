namespace Edu.Sdk.Tensors;

/// <summary>The checks and the copy behind <c>cat</c>, shared by the tape's op and the generated layers' workspace.</summary>
internal static class CatKernel
{
    /// <summary>
    /// The size of the result along <paramref name="d"/>: the operands' sizes added up, after checking that they share
    /// a dtype and every other size (<paramref name="op"/> and <paramref name="operand"/> word the messages: "cat: tensor
    /// 1 ..." for the tape's op, "h: cat's tensor 1 ..." in a generated layer).
    /// </summary>
    public static int Total(string op, ReadOnlySpan<torch.Tensor> tensors, int d, string operand = "tensor")
    {
        var first = tensors[0];
        int total = 0;
        for (int t = 0; t < tensors.Length; t++)
        {
            var x = tensors[t];
            if (x.dtype != first.dtype)
                throw new ArgumentException($"{op}: {operand} {t} has dtype {x.dtype} but tensor 0 has {first.dtype}; make them the same dtype.");
            bool same = x.dim() == first.dim();
            for (int i = 0; same && i < first.dim(); i++) same = i == d || x.Dims[i] == first.Dims[i];
            if (!same)
                throw new ArgumentException($"{op}: {operand} {t} has shape ({x.ShapeText}) but tensor 0 has ({first.ShapeText}); all sizes except dim {d} must match.");
            total += x.Dims[d];
        }
        return total;
    }

    /// <summary>
    /// Copies the operands side by side into <paramref name="r"/> (contiguous, their joined shape). Seen as
    /// (outer, size along d, inner), each operand contributes one run of size·inner elements per outer index.
    /// </summary>
    public static void Copy(ReadOnlySpan<torch.Tensor> tensors, int d, torch.Tensor r)
    {
        var (outer, inner) = Around(r.Dims, d);
        int rowLength = r.Dims[d] * inner, at = 0;
        foreach (var t in tensors)
        {
            var x = t.Contiguous();
            int run = x.Dims[d] * inner;
            for (int o = 0; o < outer; o++)
                Array.Copy(x._storage, x._offset + o * run, r._storage, r._offset + o * rowLength + at, run);
            at += run;
        }
        r.BumpVersion();
    }

    /// <summary>
    /// The backward of <see cref="Copy"/> for one operand: <paramref name="r"/> (contiguous) receives
    /// narrow(<paramref name="g"/>, d, <paramref name="start"/>, r's size along d).
    /// </summary>
    public static void CopyPart(torch.Tensor g, int d, int start, torch.Tensor r)
    {
        var src = g.Contiguous();
        var (outer, inner) = Around(r.Dims, d);
        int total = src.Dims[d], size = r.Dims[d];
        for (int o = 0; o < outer; o++)
            Array.Copy(src._storage, src._offset + (o * total + start) * inner, r._storage, r._offset + o * size * inner, size * inner);
        r.BumpVersion();
    }

    /// <summary>The products of the sizes before and after dim <paramref name="d"/>: the shape seen as (outer, size, inner).</summary>
    static (int Outer, int Inner) Around(ReadOnlySpan<int> dims, int d)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= dims[i];
        for (int i = d + 1; i < dims.Length; i++) inner *= dims[i];
        return (outer, inner);
    }
}
