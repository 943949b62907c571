namespace Edu.Sdk.Tensors;

/// <summary>
/// Where each output position of a pooling op reads along one axis: output o covers input [Start[o], End[o]),
/// already clipped to the input (padding is −∞ for a max, so it never wins and is simply left out).
/// Regular and adaptive pooling differ only here; the max kernel and a future backward share the rest.
/// </summary>
internal sealed class PoolWindows
{
    /// <summary>First input index of each output's window (inclusive).</summary>
    public int[] Start { get; }

    /// <summary>One past the last input index of each output's window.</summary>
    public int[] End { get; }

    /// <summary>The number of outputs along this axis.</summary>
    public int Count => Start.Length;

    PoolWindows(int[] start, int[] end) { Start = start; End = end; }

    /// <summary>
    /// max_pool2d's windows: output o covers [o·s − p, o·s − p + k) ∩ [0, size), with
    /// out = ⌊(size + 2p − k) / s⌋ + 1. The caller checked k ≤ size + 2p and p ≤ k/2, so no window is all padding.
    /// </summary>
    public static PoolWindows Regular(int size, int k, int s, int p)
    {
        int count = (size + 2 * p - k) / s + 1;
        var start = new int[count];
        var end = new int[count];
        for (int o = 0; o < count; o++)
        {
            int a = o * s - p;
            start[o] = Math.Max(a, 0);
            end[o] = Math.Min(a + k, size);
        }
        return new PoolWindows(start, end);
    }

    /// <summary>
    /// PyTorch's adaptive windows: output o of <paramref name="count"/> covers [⌊o·size/count⌋, ⌈(o+1)·size/count⌉).
    /// Windows may overlap by one when size is not a multiple of count (7 → 4: [0,2) [1,4) [3,6) [5,7)) and are
    /// never empty, even when count exceeds size.
    /// </summary>
    public static PoolWindows Adaptive(int size, int count)
    {
        var start = new int[count];
        var end = new int[count];
        for (int o = 0; o < count; o++)
        {
            start[o] = (int)((long)o * size / count);
            end[o] = (int)(((long)(o + 1) * size + count - 1) / count);
        }
        return new PoolWindows(start, end);
    }
}
