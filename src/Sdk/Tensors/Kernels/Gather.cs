using static Edu.Sdk.torch;

namespace Edu.Sdk.Tensors;

/// <summary>
/// The copy behind <c>index_select</c>: with the source seen as [outer, n, inner], r[o, k, :] = src[o, idx[k], :].
/// Reshuffling a training set (54,000 rows of 784 floats, 170 MB) each epoch is this copy, so rows are moved as typed
/// spans (memmove, no per-call type checks) and large gathers are split over the cores.
/// </summary>
internal static class Gather
{
    /// <summary>Below this many bytes one core copies everything: starting the other would cost more than it saves.</summary>
    const long ParallelBytes = 4L << 20;

    public static void Rows(Tensor src, ReadOnlySpan<long> idx, int outer, int n, int inner, Tensor r)
    {
        switch (src.dtype)
        {
            case ScalarType.Float32: Run<float>(src, idx, outer, n, inner, r); break;
            case ScalarType.Float64: Run<double>(src, idx, outer, n, inner, r); break;
            case ScalarType.Int64: Run<long>(src, idx, outer, n, inner, r); break;
            default: Run<bool>(src, idx, outer, n, inner, r); break;
        }
    }

    static void Run<T>(Tensor src, ReadOnlySpan<long> idx, int outer, int n, int inner, Tensor r) where T : unmanaged
    {
        long bytes = (long)r._numel * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var job = new Job<T>((T[])src._storage, src._offset, idx.ToArray(), outer, n, inner, (T[])r._storage);
        if (bytes < ParallelBytes || outer > 1) { for (int p = 0; p < job.Parts; p++) job.Run(p); return; }
        CoreSplit.Run(job, job.Parts);
    }

    /// <summary>Part p copies a contiguous range of output rows (only the outer == 1 case is split).</summary>
    sealed class Job<T>(T[] src, int offset, long[] idx, int outer, int n, int inner, T[] dst) : ISplitJob where T : unmanaged
    {
        public int Parts => outer > 1 ? 1 : CoreSplit.Width;

        public void Run(int part)
        {
            int k0 = 0, k1 = idx.Length;
            if (Parts > 1)
            {
                int step = (idx.Length + Parts - 1) / Parts;
                k0 = Math.Min(idx.Length, part * step);
                k1 = Math.Min(idx.Length, k0 + step);
            }
            for (int o = 0; o < outer; o++)
                for (int k = k0; k < k1; k++)
                    new ReadOnlySpan<T>(src, offset + (o * n + (int)idx[k]) * inner, inner)
                        .CopyTo(new Span<T>(dst, (o * idx.Length + k) * inner, inner));
        }
    }
}
