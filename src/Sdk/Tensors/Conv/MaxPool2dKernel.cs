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
    /// the argmax when not empty. <paramref name="x"/> holds <paramref name="planes"/> planes of H×W. Large inputs are
    /// split by planes over the cores (<see cref="CoreSplit"/>, which allocates nothing per call).
    /// </summary>
    public static void Forward<T>(T[] x, int xOffset, int planes, int h, int w, PoolWindows rows, PoolWindows cols,
        T[] y, long[]? indices) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long work = (long)planes * Math.Max(h * w, rows.Count * cols.Count);
        if (planes > 1 && work >= ParallelWork && CoreSplit.Width > 1)
        {
            var job = PlanesJob<T>.ForThisThread;
            job.Set(x, xOffset, h, w, rows, cols, y, indices);
            job.Split(planes);
        }
        else Planes(x, xOffset, 0, planes, h, w, rows, cols, y, indices);
    }

    /// <summary>Planes [<paramref name="from"/>, <paramref name="to"/>) of <see cref="Forward"/>.</summary>
    static void Planes<T>(T[] x, int xOffset, int from, int to, int h, int w, PoolWindows rows, PoolWindows cols, T[] y, long[]? indices)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int oh = rows.Count, ow = cols.Count, plane = h * w, outPlane = oh * ow;
        for (int p = from; p < to; p++)
        {
            var src = new ReadOnlySpan<T>(x, xOffset + p * plane, plane);
            var dst = new Span<T>(y, p * outPlane, outPlane);
            var idx = indices is null ? default : new Span<long>(indices, p * outPlane, outPlane);
            for (int r = 0; r < oh; r++)
            {
                int r0 = rows.Start(r), r1 = rows.End(r);
                for (int c = 0; c < ow; c++)
                {
                    var (v, at) = WindowMax(src, w, r0, r1, cols.Start(c), cols.End(c));
                    dst[r * ow + c] = v;
                    if (indices is not null) idx[r * ow + c] = at;
                }
            }
        }
    }

    /// <summary>A range of planes per part; one instance per calling thread, refilled each call.</summary>
    sealed class PlanesJob<T> : RangeJob where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic] static PlanesJob<T>? t_job;
        public static PlanesJob<T> ForThisThread => t_job ??= new();

        T[] _x = [], _y = [];
        long[]? _indices;
        int _xOffset, _h, _w;
        PoolWindows _rows, _cols;

        public void Set(T[] x, int xOffset, int h, int w, PoolWindows rows, PoolWindows cols, T[] y, long[]? indices) =>
            (_x, _xOffset, _h, _w, _rows, _cols, _y, _indices) = (x, xOffset, h, w, rows, cols, y, indices);

        protected override void Clear() { _x = _y = []; _indices = null; }

        protected override void RunRange(int from, int to) => Planes(_x, _xOffset, from, to, _h, _w, _rows, _cols, _y, _indices);
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
