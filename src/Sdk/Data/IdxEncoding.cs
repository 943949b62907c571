using Edu.Sdk.Tensors;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>
/// Turns tensors into the unsigned bytes an IDX file stores. A value that has no byte (out of range, NaN) is refused
/// with its index rather than clamped: a file that silently differs from the tensor would be worse than no file.
/// </summary>
internal static class IdxEncoding
{
    public static byte[] Images(string op, Tensor images, bool scaled)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.ndim != 3)
            throw new ArgumentException($"{op}: images must be a 3-d tensor (count x rows x cols); this one has shape ({images.ShapeText}). Reshape it first, e.g. images.reshape(n, 28, 28).", nameof(images));
        return images.dtype switch
        {
            ScalarType.Float32 => FromFloating<float>(op, images.data<float>(), scaled, images),
            ScalarType.Float64 => FromFloating<double>(op, images.data<double>(), scaled, images),
            ScalarType.Int64 => FromInt64(op, images.data<long>(), "pixel"),
            _ => throw new ArgumentException($"{op}: images must be Float32, Float64 or Int64, not {images.dtype}.", nameof(images)),
        };
    }

    public static byte[] Labels(string op, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.ndim != 1 || labels.dtype != ScalarType.Int64)
            throw new ArgumentException($"{op}: labels must be a 1-d Int64 tensor; this one is {labels.dtype} of shape ({labels.ShapeText}).", nameof(labels));
        return FromInt64(op, labels.data<long>(), "label");
    }

    static byte[] FromFloating<T>(string op, ReadOnlySpan<T> values, bool scaled, Tensor source)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var bytes = GC.AllocateUninitializedArray<byte>(values.Length);
        double factor = scaled ? 255.0 : 1.0;
        for (int i = 0; i < values.Length; i++)
        {
            double v = double.CreateTruncating(values[i]) * factor;
            // Round to nearest, so a value read back as b/255f is written back as b.
            double r = Math.Round(v, MidpointRounding.AwayFromZero);
            if (!(r >= 0 && r <= 255))
                throw new ArgumentOutOfRangeException(nameof(source),
                    $"{op}: pixel {Index(i, source)} is {values[i]}, outside {(scaled ? "[0, 1] (images are scaled: pass scaled: false for values 0..255)" : "[0, 255]")}. IDX stores one unsigned byte per pixel.");
            bytes[i] = (byte)r;
        }
        return bytes;
    }

    static byte[] FromInt64(string op, ReadOnlySpan<long> values, string what)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            if ((ulong)values[i] > 255)
                throw new ArgumentOutOfRangeException(what == "label" ? "labels" : "images",
                    $"{op}: {what} at flat index {i} is {values[i]}, outside 0..255. IDX stores one unsigned byte per {what}.");
            bytes[i] = (byte)values[i];
        }
        return bytes;
    }

    static string Index(int flat, Tensor t)
    {
        var dims = t.Dims;
        var idx = new int[dims.Length];
        for (int d = dims.Length - 1; d >= 0; d--)
        {
            idx[d] = flat % dims[d];
            flat /= dims[d];
        }
        return "[" + string.Join(", ", idx) + "]";
    }
}
