using System.Numerics;
using System.Numerics.Tensors;

namespace Edu.Sdk.Tensors;

/// <summary>Reductions along one axis of a contiguous span laid out as <c>[Outer, Size, Inner]</c>.</summary>
internal static class Reduce
{
    /// <summary>dst[o, i] = Σ_k src[o, k, i].</summary>
    public static void Sum<T>(Axis ax, ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = ax.Size, inner = ax.Inner;
        for (int o = 0; o < ax.Outer; o++)
        {
            var block = src.Slice(o * n * inner, n * inner);
            if (inner == 1) { dst[o] = TensorPrimitives.Sum(block); continue; }
            var d = dst.Slice(o * inner, inner);
            if (n == 0) { d.Clear(); continue; }
            block[..inner].CopyTo(d);
            for (int k = 1; k < n; k++) TensorPrimitives.Add(d, block.Slice(k * inner, inner), d);
        }
    }

    /// <summary>Max (or min) along the axis with the index where it is first reached; NaN wins, as in PyTorch.</summary>
    public static void ArgExtreme<T>(Axis ax, ReadOnlySpan<T> src, Span<T> values, Span<long> indices, bool max)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = ax.Size, inner = ax.Inner;
        for (int o = 0; o < ax.Outer; o++)
        {
            var block = src.Slice(o * n * inner, n * inner);
            if (inner == 1)
            {
                int k = max ? TensorPrimitives.IndexOfMax(block) : TensorPrimitives.IndexOfMin(block);
                // IndexOfMax ranks +0 above −0; they are equal, and the first of them wins, as in the loop below
                // and in PyTorch (found by a review).
                if (T.IsZero(block[k]))
                    for (int j = 0; j < k; j++)
                        if (T.IsZero(block[j])) { k = j; break; }
                values[o] = block[k]; indices[o] = k;
                continue;
            }
            for (int i = 0; i < inner; i++)
            {
                T best = block[i]; long bestK = 0;
                for (int k = 1; k < n && !T.IsNaN(best); k++)
                {
                    T v = block[k * inner + i];
                    if (T.IsNaN(v) || (max ? v > best : v < best)) { best = v; bestK = k; }
                }
                values[o * inner + i] = best; indices[o * inner + i] = bestK;
            }
        }
    }

    /// <summary>
    /// Softmax along the axis, stable for any finite input: softmax(x)ₖ = e^(xₖ − m) / Σⱼ e^(xⱼ − m) with m = maxⱼ xⱼ,
    /// so the largest exponent is e⁰ = 1 and nothing overflows. With <paramref name="log"/>:
    /// log_softmax(x)ₖ = xₖ − m − log Σⱼ e^(xⱼ − m).
    /// </summary>
    public static void Softmax<T>(Axis ax, ReadOnlySpan<T> src, Span<T> dst, bool log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = ax.Size, inner = ax.Inner;
        if (n == 0) return;
        if (inner == 1)
        {
            for (int o = 0; o < ax.Outer; o++)
            {
                var x = src.Slice(o * n, n);
                var d = dst.Slice(o * n, n);
                T m = TensorPrimitives.Max(x);
                if (T.IsInfinity(m)) m = T.Zero; // all −∞ (or a +∞): let exp give the IEEE answer
                TensorPrimitives.Subtract(x, m, d);
                if (log)
                {
                    var lse = T.Log(SumExp(d));
                    TensorPrimitives.Subtract(d, lse, d);
                }
                else
                {
                    TensorPrimitives.Exp(d, d);
                    TensorPrimitives.Divide(d, TensorPrimitives.Sum(d), d);
                }
            }
            return;
        }
        var mx = new T[inner];
        var sum = new T[inner];
        var tmp = new T[inner];
        for (int o = 0; o < ax.Outer; o++)
        {
            var x = src.Slice(o * n * inner, n * inner);
            var d = dst.Slice(o * n * inner, n * inner);
            x[..inner].CopyTo(mx);
            for (int k = 1; k < n; k++) TensorPrimitives.Max(mx, x.Slice(k * inner, inner), mx);
            for (int i = 0; i < inner; i++) if (T.IsInfinity(mx[i])) mx[i] = T.Zero;
            Array.Clear(sum);
            for (int k = 0; k < n; k++)
            {
                var dk = d.Slice(k * inner, inner);
                TensorPrimitives.Subtract(x.Slice(k * inner, inner), mx, dk);
                TensorPrimitives.Exp(dk, tmp);
                TensorPrimitives.Add(sum, tmp, sum);
                if (!log) tmp.CopyTo(dk);
            }
            if (log) TensorPrimitives.Log(sum, sum);
            for (int k = 0; k < n; k++)
            {
                var dk = d.Slice(k * inner, inner);
                if (log) TensorPrimitives.Subtract(dk, sum, dk);
                else TensorPrimitives.Divide(dk, sum, dk);
            }
        }
    }

    /// <summary>Σ e^(x_k) of an already max-shifted row, without a scratch buffer.</summary>
    static T SumExp<T>(ReadOnlySpan<T> shifted) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T s = T.Zero;
        Span<T> buf = stackalloc T[64];
        for (int k = 0; k < shifted.Length; k += buf.Length)
        {
            var chunk = shifted.Slice(k, Math.Min(buf.Length, shifted.Length - k));
            TensorPrimitives.Exp(chunk, buf[..chunk.Length]);
            s += TensorPrimitives.Sum<T>(buf[..chunk.Length]);
        }
        return s;
    }
}
