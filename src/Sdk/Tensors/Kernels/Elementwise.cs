using System.Numerics;
using System.Runtime.CompilerServices;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tensors;

/// <summary>Runs element-wise ops over tensors: dtype dispatch, broadcasting, result allocation and checks.</summary>
internal static class Elementwise
{
    public static Tensor Unary<TOp>(string op, Tensor x, Tensor? result = null) where TOp : IUnaryOp
    {
        RequireFloat(op, x);
        x = x.Contiguous();
        result = Result(op, result, x.dtype, x._dims);
        if (x.dtype == ScalarType.Float32) TOp.Apply<float>(x.Span<float>(), result.Span<float>());
        else TOp.Apply<double>(x.Span<double>(), result.Span<double>());
        return result;
    }

    public static Tensor Binary<TOp>(string op, Tensor a, Tensor b, Tensor? result = null) where TOp : IBinaryOp
    {
        RequireFloat(op, a);
        RequireFloat(op, b);
        if (a.dtype != b.dtype)
            throw new ArgumentException(
                $"{op}: the operands have different dtypes ({a.dtype} and {b.dtype}); convert one with .to(ScalarType.{(a.dtype == ScalarType.Float64 ? "Float64" : "Float32")}) so both match.");
        a = a.Contiguous();
        b = b.Contiguous();
        if (a._dims.AsSpan().SequenceEqual(b._dims))
        {
            result = Result(op, result, a.dtype, a._dims);
            if (a.dtype == ScalarType.Float32) TOp.VV<float>(a.Span<float>(), b.Span<float>(), result.Span<float>());
            else TOp.VV<double>(a.Span<double>(), b.Span<double>(), result.Span<double>());
            return result;
        }
        if (Shape.IsSuffix(b._dims, a._dims))
        {
            // The common broadcasts (a bias row over a batch, a scalar over anything) need no layout object.
            result = Result(op, result, a.dtype, a._dims);
            if (a.dtype == ScalarType.Float32) RepeatRight<float, TOp>(a.Span<float>(), b.Span<float>(), result.Span<float>());
            else RepeatRight<double, TOp>(a.Span<double>(), b.Span<double>(), result.Span<double>());
            return result;
        }
        if (Shape.IsSuffix(a._dims, b._dims))
        {
            result = Result(op, result, a.dtype, b._dims);
            if (a.dtype == ScalarType.Float32) RepeatLeft<float, TOp>(a.Span<float>(), b.Span<float>(), result.Span<float>());
            else RepeatLeft<double, TOp>(a.Span<double>(), b.Span<double>(), result.Span<double>());
            return result;
        }
        var layout = BroadcastLayout.For(op, a._dims, b._dims);
        result = Result(op, result, a.dtype, layout.OutDims);
        if (a.dtype == ScalarType.Float32) Run<float, TOp>(layout, a.Span<float>(), b.Span<float>(), result.Span<float>());
        else Run<double, TOp>(layout, a.Span<double>(), b.Span<double>(), result.Span<double>());
        return result;
    }

    /// <summary><c>a op s</c> (or <c>s op a</c> when <paramref name="scalarFirst"/>) for a C# number s.</summary>
    public static Tensor Scalar<TOp>(string op, Tensor a, double s, bool scalarFirst, Tensor? result = null) where TOp : IBinaryOp
    {
        RequireFloat(op, a);
        a = a.Contiguous();
        result = Result(op, result, a.dtype, a._dims);
        if (a.dtype == ScalarType.Float32)
        {
            if (scalarFirst) TOp.SV((float)s, a.Span<float>(), result.Span<float>());
            else TOp.VS(a.Span<float>(), (float)s, result.Span<float>());
        }
        else
        {
            if (scalarFirst) TOp.SV(s, a.Span<double>(), result.Span<double>());
            else TOp.VS(a.Span<double>(), s, result.Span<double>());
        }
        return result;
    }

    /// <summary>d = a op b where b repeats along a's leading dims (b's length divides a's).</summary>
    static void RepeatRight<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> where TOp : IBinaryOp
    {
        int n = b.Length;
        if (n == 1) { TOp.VS(a, b[0], d); return; }
        if (n == 0) return;
        for (int o = 0; o < a.Length; o += n) TOp.VV(a.Slice(o, n), b, d.Slice(o, n));
    }

    /// <summary>d = a op b where a repeats along b's leading dims.</summary>
    static void RepeatLeft<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> where TOp : IBinaryOp
    {
        int n = a.Length;
        if (n == 1) { TOp.SV(a[0], b, d); return; }
        if (n == 0) return;
        for (int o = 0; o < b.Length; o += n) TOp.VV(a, b.Slice(o, n), d.Slice(o, n));
    }

    static void Run<T, TOp>(BroadcastLayout l, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : IBinaryOp
    {
        var c = new BroadcastLayout.Cursor(l, stackalloc int[l.OuterRank]);
        int n = l.Inner;
        for (int r = 0, o = 0; r < l.Rows; r++, o += n, c.Next())
        {
            var dst = d.Slice(o, n);
            if (l.InnerStrideA == 1 && l.InnerStrideB == 1) TOp.VV(a.Slice(c.OffsetA, n), b.Slice(c.OffsetB, n), dst);
            else if (l.InnerStrideA == 1) TOp.VS(a.Slice(c.OffsetA, n), b[c.OffsetB], dst);
            else if (l.InnerStrideB == 1) TOp.SV(a[c.OffsetA], b.Slice(c.OffsetB, n), dst);
            else
            {
                // Both operands repeat along the row: compute the one value, then fill.
                TOp.VS(a.Slice(c.OffsetA, 1), b[c.OffsetB], dst[..1]);
                dst.Fill(dst[0]);
            }
        }
    }

    /// <summary>The tensor to write into: <paramref name="given"/> after checking it fits, or a new one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Tensor Result(string op, Tensor? given, ScalarType dtype, int[] dims)
    {
        if (given is null) return Tensor.Empty(dtype, dims);
        CheckOut(op, given, dtype, dims);
        given.BumpVersion();
        return given;
    }

    static void CheckOut(string op, Tensor given, ScalarType dtype, int[] dims)
    {
        if (given.dtype != dtype)
            throw new ArgumentException($"{op}: the output tensor has dtype {given.dtype} but the result is {dtype}.");
        if (!given._dims.AsSpan().SequenceEqual(dims))
            throw new ArgumentException($"{op}: the output tensor has shape ({given.ShapeText}) but the result has shape ({Shape.Format(dims)}).");
        if (!given.is_contiguous())
            throw new ArgumentException($"{op}: cannot write the result into a transposed view; pass a contiguous tensor.");
    }

    public static void RequireFloat(string op, Tensor t)
    {
        if (!t.dtype.IsFloatingPoint())
            throw new ArgumentException(
                $"{op}: needs a Float32 or Float64 tensor, got {t.dtype} (shape {t.ShapeText}); convert it with .to(ScalarType.Float32).");
    }
}
