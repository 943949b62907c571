using System.Numerics;
using System.Numerics.Tensors;

namespace Edu.Sdk.Tensors;

/// <summary>
/// Max pooling over (H, W) planes given the windows of each axis. Records, for every output, the flat index
/// h·W + w of the winning element inside its input plane (PyTorch's convention), which is all the backward needs:
/// dx[plane][index] += dy.
/// </summary>
/// <remarks>
/// Ties go to the first element in row-major order. NaN wins over any number and the first NaN is reported, so a
/// NaN in the input always reaches the output (PyTorch's CPU kernel reports the last NaN; the values agree).
/// </remarks>
internal static class MaxPool2dKernel
{
    /// <summary>Window rows at least this wide are scanned with <see cref="TensorPrimitives.IndexOfMax{T}(ReadOnlySpan{T})"/>; shorter ones (the common 2×2) with a plain loop, cheaper than a call.</summary>
    const int VectorRow = 16;

    /// <summary>Below this many element reads all planes run on one thread.</summary>
    const long ParallelWork = 1L << 18;

    /// <summary>
    /// y[p, oh, ow] = max of plane p of <paramref name="x"/> over rows × cols windows; <paramref name="indices"/> gets
    /// the argmax when not empty. <paramref name="x"/> holds <paramref name="planes"/> planes of H×W.
    /// </summary>
    public static void Forward<T>(T[] x, int xOffset, int planes, int h, int w, PoolWindows rows, PoolWindows cols,
        T[] y, long[]? indices) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int oh = rows.Count, ow = cols.Count, plane = h * w, outPlane = oh * ow;

        void One(int p)
        {
            var src = new ReadOnlySpan<T>(x, xOffset + p * plane, plane);
            var dst = new Span<T>(y, p * outPlane, outPlane);
            var idx = indices is null ? default : new Span<long>(indices, p * outPlane, outPlane);
            for (int r = 0; r < oh; r++)
                for (int c = 0; c < ow; c++)
                {
                    var (v, at) = WindowMax(src, w, rows.Start[r], rows.End[r], cols.Start[c], cols.End[c]);
                    dst[r * ow + c] = v;
                    if (indices is not null) idx[r * ow + c] = at;
                }
        }

        long work = (long)planes * Math.Max(plane, outPlane);
        if (planes > 1 && work >= ParallelWork && Environment.ProcessorCount > 1)
            Parallel.For(0, planes, One);
        else
            for (int p = 0; p < planes; p++) One(p);
    }

    /// <summary>The maximum of plane[h0..h1, w0..w1] and its flat index h·W + w (windows are never empty).</summary>
    static (T Value, int Index) WindowMax<T>(ReadOnlySpan<T> plane, int width, int h0, int h1, int w0, int w1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = h0 * width + w0;
        T max = plane[best];
        if (T.IsNaN(max)) return (max, best);
        int span = w1 - w0;
        for (int r = h0; r < h1; r++)
        {
            int rowStart = r * width + w0;
            var row = plane.Slice(rowStart, span);
            if (span >= VectorRow)
            {
                // IndexOfMax returns the first maximum, or the first NaN: the same rule as the loop below.
                int j = TensorPrimitives.IndexOfMax(row);
                T v = row[j];
                if (T.IsNaN(v)) return (v, rowStart + j);
                if (v > max) { max = v; best = rowStart + j; }
                continue;
            }
            for (int j = 0; j < row.Length; j++)
            {
                T v = row[j];
                if (v > max) { max = v; best = rowStart + j; }
                else if (T.IsNaN(v)) return (v, rowStart + j);
            }
        }
        return (max, best);
    }
}
