namespace Edu.Sdk.Tensors;

/// <summary>
/// Turns the (height, width) arguments of the convolution family, given as one number, a pair or an array of one
/// or two numbers (TorchSharp's spellings), into a pair of ints, with messages that name the op and the argument.
/// </summary>
internal static class ConvArgs
{
    public static (int H, int W) Pair(string op, string name, long value) => Pair(op, name, value, value);

    public static (int H, int W) Pair(string op, string name, (long H, long W) value) => Pair(op, name, value.H, value.W);

    /// <summary>An array of one element means the same value for both axes, as in PyTorch.</summary>
    public static (int H, int W) Pair(string op, string name, long[] value) => value.Length switch
    {
        1 => Pair(op, name, value[0], value[0]),
        2 => Pair(op, name, value[0], value[1]),
        _ => throw new ArgumentException($"{op}: {name} must have 1 or 2 elements (height, width), got {value.Length}: [{string.Join(", ", value)}]."),
    };

    static (int H, int W) Pair(string op, string name, long h, long w)
    {
        if (h < int.MinValue || h > int.MaxValue || w < int.MinValue || w > int.MaxValue)
            throw new ArgumentException($"{op}: {name} {h}x{w} is out of range.");
        return ((int)h, (int)w);
    }

    /// <summary>
    /// Views a 3-d (C, H, W) input as a batch of one (1, C, H, W), as PyTorch does; a 4-d input is returned as is.
    /// The result is contiguous. <paramref name="batched"/> tells the caller whether to drop the batch dim again.
    /// </summary>
    public static torch.Tensor AsBatch(string op, torch.Tensor input, out bool batched)
    {
        Elementwise.RequireFloat(op, input);
        batched = input.dim() == 4;
        if (input.dim() is not (3 or 4))
            throw new ArgumentException(
                $"{op}: input must be 3-d (C, H, W) or 4-d (N, C, H, W), got shape ({input.ShapeText}).");
        var x = input.Contiguous();
        return batched ? x : x.unsqueeze(0);
    }
}
