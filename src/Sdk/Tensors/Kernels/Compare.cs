using System.Numerics;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tensors;

internal interface ICompareOp
{
    static abstract bool Apply<T>(T x, T y) where T : INumber<T>;
}

internal readonly struct EqOp : ICompareOp { public static bool Apply<T>(T x, T y) where T : INumber<T> => x == y; }
internal readonly struct NeOp : ICompareOp { public static bool Apply<T>(T x, T y) where T : INumber<T> => x != y; }
internal readonly struct LtOp : ICompareOp { public static bool Apply<T>(T x, T y) where T : INumber<T> => x < y; }
internal readonly struct LeOp : ICompareOp { public static bool Apply<T>(T x, T y) where T : INumber<T> => x <= y; }
internal readonly struct GtOp : ICompareOp { public static bool Apply<T>(T x, T y) where T : INumber<T> => x > y; }
internal readonly struct GeOp : ICompareOp { public static bool Apply<T>(T x, T y) where T : INumber<T> => x >= y; }

/// <summary>Element-wise comparisons with broadcasting; the result is a Bool mask.</summary>
internal static class Compare
{
    public static Tensor Run<TOp>(string op, Tensor a, Tensor b) where TOp : ICompareOp
    {
        // Bool masks compare as 0/1 integers; mixed dtypes compare in the wider one.
        if (a.dtype == ScalarType.Bool) a = a.to(ScalarType.Int64);
        if (b.dtype == ScalarType.Bool) b = b.to(ScalarType.Int64);
        if (a.dtype != b.dtype)
        {
            var common = a.dtype == ScalarType.Float64 || b.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
            a = a.to(common); b = b.to(common);
        }
        a = a.Contiguous(); b = b.Contiguous();
        var l = new BroadcastLayout(op, a._dims, b._dims);
        var r = Tensor.Empty<bool>(l.OutDims);
        switch (a.dtype)
        {
            case ScalarType.Float32: Loop<float, TOp>(l, a.Span<float>(), b.Span<float>(), r.Span<bool>()); break;
            case ScalarType.Float64: Loop<double, TOp>(l, a.Span<double>(), b.Span<double>(), r.Span<bool>()); break;
            default: Loop<long, TOp>(l, a.Span<long>(), b.Span<long>(), r.Span<bool>()); break;
        }
        return r;
    }

    static void Loop<T, TOp>(BroadcastLayout l, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<bool> d) where T : INumber<T> where TOp : ICompareOp
    {
        var c = new BroadcastLayout.Cursor(l, stackalloc int[l.OuterRank]);
        int n = l.Inner, sa = l.InnerStrideA, sb = l.InnerStrideB;
        for (int r = 0, o = 0; r < l.Rows; r++, o += n, c.Next())
            for (int k = 0; k < n; k++)
                d[o + k] = TOp.Apply(a[c.OffsetA + k * sa], b[c.OffsetB + k * sb]);
    }
}
