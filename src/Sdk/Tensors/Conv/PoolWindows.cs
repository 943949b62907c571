namespace Edu.Sdk.Tensors;

/// <summary>
/// Where each output position of a pooling op reads along one axis: output o covers input [Start(o), End(o)),
/// already clipped to the input (padding is −∞ for a max, so it never wins and is simply left out).
/// Regular and adaptive pooling differ only here. A value type computing each window from its formula, so a pooling
/// in a training step allocates nothing.
/// </summary>
internal readonly struct PoolWindows
{
    readonly int _size, _kernel, _stride, _padding;
    readonly bool _adaptive;

    /// <summary>The number of outputs along this axis.</summary>
    public int Count { get; }

    PoolWindows(int size, int kernel, int stride, int padding, bool adaptive, int count)
    {
        _size = size; _kernel = kernel; _stride = stride; _padding = padding; _adaptive = adaptive;
        Count = count;
    }

    /// <summary>
    /// max_pool2d's windows: output o covers [o·s − p, o·s − p + k) ∩ [0, size), with
    /// out = ⌊(size + 2p − k) / s⌋ + 1. The caller checked k ≤ size + 2p and p ≤ k/2, so no window is all padding.
    /// </summary>
    public static PoolWindows Regular(int size, int k, int s, int p) => new(size, k, s, p, adaptive: false, (size + 2 * p - k) / s + 1);

    /// <summary>
    /// PyTorch's adaptive windows: output o of <paramref name="count"/> covers [⌊o·size/count⌋, ⌈(o+1)·size/count⌉).
    /// Windows may overlap by one when size is not a multiple of count (7 → 4: [0,2) [1,4) [3,6) [5,7)) and are
    /// never empty, even when count exceeds size.
    /// </summary>
    public static PoolWindows Adaptive(int size, int count) => new(size, 0, 0, 0, adaptive: true, count);

    /// <summary>First input index of output <paramref name="o"/>'s window (inclusive).</summary>
    public int Start(int o) => _adaptive ? (int)((long)o * _size / Count) : Math.Max(o * _stride - _padding, 0);

    /// <summary>One past the last input index of output <paramref name="o"/>'s window.</summary>
    public int End(int o) => _adaptive ? (int)(((long)(o + 1) * _size + Count - 1) / Count) : Math.Min(o * _stride - _padding + _kernel, _size);
}
