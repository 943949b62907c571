namespace Edu.Sdk.Tensors;

/// <summary>The items a part of a split job takes: <see cref="CoreSplit"/>'s parts share out a range evenly.</summary>
internal static class SplitRange
{
    /// <summary>
    /// Items [from, to) of <paramref name="count"/> for part <paramref name="part"/> of <paramref name="parts"/>: the first
    /// count mod parts parts take one more, so no part is empty while another has two more.
    /// </summary>
    public static (int From, int To) Of(int count, int parts, int part)
    {
        int size = count / parts, extra = count % parts;
        int from = part * size + Math.Min(part, extra);
        return (from, from + size + (part < extra ? 1 : 0));
    }
}
