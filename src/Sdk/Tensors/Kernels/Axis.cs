namespace Edu.Sdk.Tensors;

/// <summary>
/// A tensor seen as <c>[Outer, Size, Inner]</c> around one dim: reductions and softmax walk <c>Size</c> while
/// <c>Inner</c> stays contiguous, so each step is a vector op over <c>Inner</c> elements (or over <c>Size</c>
/// elements when <c>Inner</c> is 1, the common case of the last dim).
/// </summary>
internal readonly struct Axis
{
    public readonly int Dim, Outer, Size, Inner;
    public readonly int[] ReducedDims;

    public Axis(string op, ReadOnlySpan<int> dims, long dim, bool keepdim)
    {
        Dim = Shape.NormalizeDim(op, dim, dims);
        if (dims.Length == 0) { Outer = Size = Inner = 1; ReducedDims = []; return; }
        int outer = 1, inner = 1;
        for (int i = 0; i < Dim; i++) outer *= dims[i];
        for (int i = Dim + 1; i < dims.Length; i++) inner *= dims[i];
        Outer = outer; Size = dims[Dim]; Inner = inner;
        var r = new List<int>(dims.Length);
        for (int i = 0; i < dims.Length; i++)
        {
            if (i != Dim) r.Add(dims[i]);
            else if (keepdim) r.Add(1);
        }
        ReducedDims = [.. r];
    }
}
