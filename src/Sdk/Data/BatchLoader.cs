using System.Collections;
using Edu.Sdk.Tensors;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>
/// Mini-batches of a <see cref="Dataset"/>, made by <see cref="Dataset.Batches"/> or
/// <see cref="Dataset.BatchesWithReplacement"/>. Each enumeration is one epoch.
/// </summary>
/// <remarks>
/// <para>No allocation per batch: the rows of each batch are copied into two buffers (features and targets) owned
/// by the loader, and every full batch is the same pair of tensor objects, refilled, on every step of every epoch.
/// A last, smaller batch gets its own pair, reused in the next epochs. So a batch is valid until the next step:
/// <c>clone()</c> what you keep, and enumerate one loader once at a time.</para>
/// <para>Speed: shuffled rows of a large data set come from main memory. The rows of the next batch are prefetched
/// while the current step runs. Images loaded from IDX files are kept as bytes and converted as each batch is copied
/// (see <see cref="ImageSplit"/>). Other features of 32 KB or more per batch are copied for the next batch on another
/// core meanwhile, as PyTorch's DataLoader workers do; full batches then alternate between two pairs of buffers
/// (still valid until the next step).</para>
/// <para>Determinism: the loader owns a <see cref="torch.Generator"/> seeded once with the seed given. Shuffled
/// epochs draw their orders from it one after another (epoch e's order is the e-th <c>torch.randperm(Count,
/// generator)</c>), and sampling with replacement draws each row with <c>generator.NextInt64(Count)</c>, so the same
/// seed gives the same batches, epoch after epoch, on every machine.</para>
/// </remarks>
public sealed class BatchLoader : IEnumerable<Batch>
{
    readonly Dataset _data;
    readonly torch.Generator _generator;
    readonly long[] _rows;
    readonly BackgroundCopy? _background;
    Tensor? _x, _y, _lastX, _lastY, _spareX, _spareY;

    /// <summary>
    /// From this many bytes of features per batch, the next batch is copied on another core while the current step
    /// runs (handing the copy over costs a few microseconds, more than copying a small batch).
    /// </summary>
    internal const int BackgroundBytes = 32 * 1024;

    internal BatchLoader(Dataset data, int batchSize, BatchOrder order, long seed, bool dropLast, int? batchesPerEpoch)
    {
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"Batches: the batch size must be positive, got {batchSize}.");
        if (order == BatchOrder.WithReplacement && data.Count == 0)
            throw new ArgumentException("BatchesWithReplacement: the data set is empty; there is no row to draw.", nameof(data));
        if (batchesPerEpoch is <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchesPerEpoch), $"BatchesWithReplacement: the number of batches per epoch must be positive, got {batchesPerEpoch}.");
        _data = data;
        BatchSize = batchSize;
        Order = order;
        DropLast = dropLast;
        _generator = new torch.Generator(seed);
        int n = data.Count;
        // In long: n + batchSize − 1 overflows an int for a batch size near int.MaxValue ("one batch of everything").
        int batchesToCoverAll = (int)(((long)n + batchSize - 1) / batchSize);
        BatchesPerEpoch = order == BatchOrder.WithReplacement
            ? batchesPerEpoch ?? batchesToCoverAll
            : dropLast ? n / batchSize : batchesToCoverAll;
        _rows = new long[order == BatchOrder.WithReplacement ? batchSize : n];
        long rowBytes = n == 0 ? 0 : Shape.Numel(data.FeatureDims) / n * data.FeatureDtype.ElementSize();
        // Images kept as bytes are converted on this core: their gather is a quarter of the floats' traffic, and floats
        // written on another core cost this one as much to fetch as the copy saved.
        if (order != BatchOrder.WithReplacement && data.Pixels is null && Environment.ProcessorCount > 1 && rowBytes * batchSize >= BackgroundBytes)
            _background = new BackgroundCopy();
    }

    /// <summary>Rows per full batch.</summary>
    public int BatchSize { get; }

    /// <summary>How the rows of each batch are picked.</summary>
    public BatchOrder Order { get; }

    /// <summary>True when a last batch smaller than <see cref="BatchSize"/> is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>The number of batches in each epoch (each enumeration).</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The number of epochs started so far (enumerations begun).</summary>
    public int Epochs { get; private set; }

    /// <summary>The data set the batches come from.</summary>
    public Dataset Dataset => _data;

    /// <summary>Starts an epoch: the batches, each copied into the reused buffers.</summary>
    public IEnumerator<Batch> GetEnumerator()
    {
        // An epoch left early (a break out of the foreach) may still be copying its next batch from this order.
        _background?.Wait();
        Epochs++;
        if (Order != BatchOrder.WithReplacement) FillEpochOrder();
        return _background is null ? Iterate() : IterateAhead(_background);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    IEnumerator<Batch> Iterate()
    {
        int n = _data.Count;
        for (int b = 0; b < BatchesPerEpoch; b++)
        {
            ReadOnlySpan<long> rows;
            if (Order == BatchOrder.WithReplacement)
            {
                for (int k = 0; k < _rows.Length; k++) _rows[k] = _generator.NextInt64(n);
                rows = _rows;
            }
            else
            {
                int start = b * BatchSize;
                rows = _rows.AsSpan(start, Math.Min(BatchSize, n - start));
            }
            var batch = Fill(rows);
            if (Order != BatchOrder.WithReplacement && b + 1 < BatchesPerEpoch)
            {
                int next = (b + 1) * BatchSize;
                var nextRows = _rows.AsSpan(next, Math.Min(BatchSize, n - next));
                if (_data.Pixels is { } px) px.Prefetch(nextRows);
                else RowPrefetch.Rows(_data.Features, nextRows);
            }
            yield return batch;
        }
    }

    /// <summary>
    /// The batches of an epoch with the next one copied on another core meanwhile: full batches alternate between two
    /// pairs of buffers, so the copy of batch b + 1 writes the pair batch b − 1 used, which the caller has let go of
    /// (a batch is valid until the next step, as in <see cref="Iterate"/>).
    /// </summary>
    IEnumerator<Batch> IterateAhead(BackgroundCopy copy)
    {
        if (BatchesPerEpoch == 0) yield break;
        var batch = Fill(_rows.AsSpan(0, Math.Min(BatchSize, _data.Count)));
        for (int b = 0; b < BatchesPerEpoch; b++)
        {
            bool more = b + 1 < BatchesPerEpoch;
            Batch next = default;
            if (more)
            {
                int start = (b + 1) * BatchSize, count = Math.Min(BatchSize, _data.Count - start);
                next = count == BatchSize && (b + 1) % 2 == 1 ? Spare() : Buffers(count);
                copy.Start(_data, _rows, start, count, next.Features, next.Targets);
            }
            yield return batch;
            if (!more) yield break;
            copy.Wait();
            batch = next;
        }
    }

    /// <summary>The second pair of full-batch buffers (odd batches while copying ahead).</summary>
    Batch Spare() => new(_spareX ??= FeatureBuffer(BatchSize), _spareY ??= Buffer(_data.Targets, BatchSize));

    /// <summary>The epoch's order: 0..n-1, shuffled as <c>torch.randperm</c> does (Fisher–Yates from the identity).</summary>
    void FillEpochOrder()
    {
        for (int i = 0; i < _rows.Length; i++) _rows[i] = i;
        if (Order != BatchOrder.Shuffled) return;
        for (long i = _rows.Length - 1; i > 0; i--)
        {
            long j = _generator.NextInt64(i + 1);
            (_rows[i], _rows[j]) = (_rows[j], _rows[i]);
        }
    }

    Batch Fill(ReadOnlySpan<long> rows)
    {
        var batch = Buffers(rows.Length);
        if (_data.Pixels is { } px) px.CopyRows(rows, batch.Features);
        else CopyRows(_data.Features, rows, batch.Features);
        CopyRows(_data.Targets, rows, batch.Targets);
        return batch;
    }

    /// <summary>The buffers for a batch of <paramref name="count"/> rows: the full-batch pair, or the last batch's.</summary>
    Batch Buffers(int count) => count == BatchSize
        ? new(_x ??= FeatureBuffer(count), _y ??= Buffer(_data.Targets, count))
        : new(_lastX ??= FeatureBuffer(count), _lastY ??= Buffer(_data.Targets, count));

    Tensor FeatureBuffer(int rows) => Buffer(_data.FeatureDims, _data.FeatureDtype, rows);

    static Tensor Buffer(Tensor like, int rows) => Buffer(like.Dims, like.dtype, rows);

    static Tensor Buffer(ReadOnlySpan<int> like, ScalarType dtype, int rows) => Tensor.Empty(dtype, Shape.WithRows(like, rows));

    /// <summary>Copies rows of <paramref name="src"/> (contiguous) into <paramref name="dst"/>, one block copy per row.</summary>
    internal static void CopyRows(Tensor src, ReadOnlySpan<long> rows, Tensor dst)
    {
        int n = src.Dims[0];
        int width = n == 0 ? 0 : src._numel / n;
        for (int k = 0; k < rows.Length; k++)
            Array.Copy(src._storage, src._offset + (int)rows[k] * width, dst._storage, dst._offset + k * width, width);
        dst.BumpVersion();
    }
}
