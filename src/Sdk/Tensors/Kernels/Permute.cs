using static Edu.Sdk.torch;

namespace Edu.Sdk.Tensors;

/// <summary>Copies that reorder dimensions or repeat elements.</summary>
internal static class Permute
{
    /// <summary>A contiguous copy of <paramref name="x"/> with dims <paramref name="a"/> &lt; <paramref name="b"/> swapped.</summary>
    public static Tensor Swap(Tensor x, int a, int b)
    {
        if (a > b) (a, b) = (b, a);
        var d = x._dims;
        var dims = (int[])d.Clone();
        (dims[a], dims[b]) = (dims[b], dims[a]);
        var r = Tensor.Empty(x.dtype, dims);
        // View x as [outer, A, mid, B, inner]; the result is [outer, B, mid, A, inner].
        int outer = 1, mid = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= d[i];
        for (int i = a + 1; i < b; i++) mid *= d[i];
        for (int i = b + 1; i < d.Length; i++) inner *= d[i];
        int na = d[a], nb = d[b];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < na; i++)
                for (int m = 0; m < mid; m++)
                    for (int j = 0; j < nb; j++)
                    {
                        int src = (((o * na + i) * mid + m) * nb + j) * inner;
                        int dst = (((o * nb + j) * mid + m) * na + i) * inner;
                        Array.Copy(x._storage, x._offset + src, r._storage, dst, inner);
                    }
        return r;
    }
}

/// <summary>Materialised broadcasting: repeats a tensor's elements to a larger shape.</summary>
internal static class Expand
{
    public static Tensor To(Tensor x, int[] dims)
    {
        var r = Tensor.Empty(x.dtype, dims);
        var l = new BroadcastLayout("expand", x._dims, dims);
        var c = new BroadcastLayout.Cursor(l, stackalloc int[l.OuterRank]);
        int n = l.Inner;
        for (int row = 0, o = 0; row < l.Rows; row++, o += n, c.Next())
        {
            if (l.InnerStrideA == 1) Array.Copy(x._storage, x._offset + c.OffsetA, r._storage, o, n);
            else for (int k = 0; k < n; k++) Array.Copy(x._storage, x._offset + c.OffsetA, r._storage, o + k, 1);
        }
        return r;
    }
}
