namespace Edu.Sdk.Tensors;

/// <summary>
/// A job whose parts share out a range of items (a batch's images, a tensor's planes) evenly over the cores. A kernel
/// keeps one per thread, fills it with its arrays, and calls <see cref="Split"/>: nothing is allocated per call.
/// </summary>
internal abstract class RangeJob : ISplitJob
{
    int _count, _parts;

    /// <summary>Runs items [0, <paramref name="count"/>) in at most one part per core, then drops what the job holds.</summary>
    public void Split(int count)
    {
        _count = count;
        _parts = Math.Min(count, CoreSplit.Width);
        try { CoreSplit.Run(this, _parts); }
        finally { Clear(); }
    }

    public void Run(int part)
    {
        var (from, to) = SplitRange.Of(_count, _parts, part);
        RunRange(from, to);
    }

    /// <summary>Items [<paramref name="from"/>, <paramref name="to"/>).</summary>
    protected abstract void RunRange(int from, int to);

    /// <summary>Drops the arrays, so that a job kept per thread does not keep a model's buffers alive.</summary>
    protected abstract void Clear();
}
