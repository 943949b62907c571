namespace Edu.Sdk.Tensors;

/// <summary>
/// How two broadcast operands are walked: the output is cut into rows of <see cref="Inner"/> elements; along a row
/// each operand either advances (stride 1) or repeats one element (stride 0). Adjacent dims that can be walked as
/// one are merged first, so a same-shape op is one row, a bias add over a matrix is one row per matrix row, and
/// a scalar is a stride-0 row.
/// </summary>
internal sealed class BroadcastLayout
{
    /// <summary>How many layouts each thread keeps: a generated layer's step broadcasts a handful of shape pairs.</summary>
    const int Recent = 8;

    [ThreadStatic] static BroadcastLayout?[]? t_recent;
    [ThreadStatic] static int t_next;

    public readonly int[] OutDims;
    readonly int[] _a, _b;   // the operands' shapes, to find this layout again
    public readonly int Inner;
    public readonly int InnerStrideA, InnerStrideB;
    public readonly int Rows;
    readonly int[] _sizes, _sa, _sb; // outer dims after merging (without the inner one)

    /// <summary>
    /// The layout of <paramref name="a"/> op <paramref name="b"/>: one this thread made recently for the same shapes, or
    /// a new one. A training step broadcasts the same shapes every time, so its steady state allocates nothing.
    /// </summary>
    public static BroadcastLayout For(string op, ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var recent = t_recent ??= new BroadcastLayout?[Recent];
        foreach (var l in recent)
            if (l is not null && a.SequenceEqual(l._a) && b.SequenceEqual(l._b)) return l;
        var made = new BroadcastLayout(op, a, b);
        recent[t_next] = made;
        t_next = (t_next + 1) % Recent;
        return made;
    }

    /// <summary>The number of outer dims a <see cref="Cursor"/> counts through (the length of its index).</summary>
    public int OuterRank => _sizes.Length;

    public BroadcastLayout(string op, ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        OutDims = Shape.Broadcast(op, a, b);
        _a = a.ToArray();
        _b = b.ToArray();
        int n = OutDims.Length;
        var sizes = new List<int>(n);
        var sa = new List<int>(n);
        var sb = new List<int>(n);
        int accA = 1, accB = 1;
        // Walk from the innermost dim outwards, computing each operand's stride (0 where it is broadcast).
        var rs = new int[n]; var ra = new int[n]; var rb = new int[n];
        for (int i = n - 1; i >= 0; i--)
        {
            int da = i - (n - a.Length) >= 0 ? a[i - (n - a.Length)] : 1;
            int db = i - (n - b.Length) >= 0 ? b[i - (n - b.Length)] : 1;
            rs[i] = OutDims[i];
            ra[i] = da == 1 ? 0 : accA; accA *= da;
            rb[i] = db == 1 ? 0 : accB; accB *= db;
        }
        // Merge dim i into the run below it when both operands step through it seamlessly.
        for (int i = 0; i < n; i++)
        {
            if (rs[i] == 1) continue;
            int last = sizes.Count - 1;
            if (last >= 0 && sa[last] == ra[i] * rs[i] && sb[last] == rb[i] * rs[i])
            {
                sizes[last] *= rs[i]; sa[last] = ra[i]; sb[last] = rb[i];
            }
            else { sizes.Add(rs[i]); sa.Add(ra[i]); sb.Add(rb[i]); }
        }
        if (sizes.Count == 0) { sizes.Add(1); sa.Add(0); sb.Add(0); }
        int k = sizes.Count - 1;
        Inner = sizes[k];
        InnerStrideA = sa[k];
        InnerStrideB = sb[k];
        _sizes = sizes.GetRange(0, k).ToArray();
        _sa = sa.GetRange(0, k).ToArray();
        _sb = sb.GetRange(0, k).ToArray();
        int rows = 1;
        foreach (int s in _sizes) rows *= s;
        Rows = Inner == 0 ? 0 : rows;
    }

    /// <summary>Walks the outer dims like an odometer, giving each row's start in a and b.</summary>
    /// <remarks>The index lives in the caller's span (<c>stackalloc int[layout.OuterRank]</c>), so a walk allocates nothing.</remarks>
    public ref struct Cursor
    {
        readonly BroadcastLayout layout;
        readonly Span<int> _idx;
        public int OffsetA, OffsetB;

        public Cursor(BroadcastLayout layout, Span<int> index)
        {
            this.layout = layout;
            _idx = index[..layout.OuterRank];
            _idx.Clear();
        }

        public void Next()
        {
            var l = layout;
            for (int d = _idx.Length - 1; d >= 0; d--)
            {
                OffsetA += l._sa[d]; OffsetB += l._sb[d];
                if (++_idx[d] < l._sizes[d]) return;
                OffsetA -= l._sa[d] * l._sizes[d]; OffsetB -= l._sb[d] * l._sizes[d];
                _idx[d] = 0;
            }
        }
    }
}
