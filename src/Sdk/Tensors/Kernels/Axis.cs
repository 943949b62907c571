namespace Edu.Sdk.Tensors;

/// <summary>
/// A tensor seen as <c>[Outer, Size, Inner]</c> around one dim: reductions and softmax walk <c>Size</c> while
/// <c>Inner</c> stays contiguous, so each step is a vector op over <c>Inner</c> elements (or over <c>Size</c>
/// elements when <c>Inner</c> is 1, the common case of the last dim).
/// </summary>
internal readonly struct Axis
{
    public readonly int Dim, Outer, Size, Inner;
    readonly int _rank;
    readonly bool _keepdim;

    public Axis(string op, ReadOnlySpan<int> dims, long dim, bool keepdim)
    {
        Dim = Shape.NormalizeDim(op, dim, dims);
        _rank = dims.Length;
        _keepdim = keepdim;
        if (dims.Length == 0) { Outer = Size = Inner = 1; return; }
        int outer = 1, inner = 1;
        for (int i = 0; i < Dim; i++) outer *= dims[i];
        for (int i = Dim + 1; i < dims.Length; i++) inner *= dims[i];
        Outer = outer; Size = dims[Dim]; Inner = inner;
    }

    /// <summary>The rank of the reduced shape: the dim is dropped, or kept as 1 with keepdim.</summary>
    public int ReducedRank => _rank == 0 ? 0 : _keepdim ? _rank : _rank - 1;

    /// <summary>The shape after reducing <paramref name="dims"/> (the shape this axis was made from) over the dim.</summary>
    public int[] ReducedDims(ReadOnlySpan<int> dims)
    {
        var r = new int[ReducedRank];
        WriteReducedDims(dims, r);
        return r;
    }

    /// <summary>Writes the reduced shape into <paramref name="into"/> (<see cref="ReducedRank"/> long), without allocating.</summary>
    public void WriteReducedDims(ReadOnlySpan<int> dims, Span<int> into)
    {
        if (_rank == 0) return;
        int j = 0;
        for (int i = 0; i < dims.Length; i++)
        {
            if (i != Dim) into[j++] = dims[i];
            else if (_keepdim) into[j++] = 1;
        }
    }
}
