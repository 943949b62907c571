using System.Numerics.Tensors;
using static Edu.Sdk.torch;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Tensors;

/// <summary>Element type conversion between contiguous tensors of the same shape.</summary>
internal static class DtypeConvert
{
    public static void Elements(Tensor src, Tensor dst)
    {
        switch (src.dtype, dst.dtype)
        {
            case (ScalarType.Float32, ScalarType.Float64): TensorPrimitives.ConvertChecked<float, double>(src.Span<float>(), dst.Span<double>()); break;
            case (ScalarType.Float64, ScalarType.Float32): TensorPrimitives.ConvertTruncating<double, float>(src.Span<double>(), dst.Span<float>()); break;
            case (ScalarType.Int64, ScalarType.Float32): TensorPrimitives.ConvertTruncating<long, float>(src.Span<long>(), dst.Span<float>()); break;
            case (ScalarType.Int64, ScalarType.Float64): TensorPrimitives.ConvertTruncating<long, double>(src.Span<long>(), dst.Span<double>()); break;
            case (ScalarType.Float32, ScalarType.Int64): ToInt64(src.Span<float>(), dst.Span<long>(), src); break;
            case (ScalarType.Float64, ScalarType.Int64): ToInt64(src.Span<double>(), dst.Span<long>(), src); break;
            case (ScalarType.Bool, _): FromBool(src.Span<bool>(), dst); break;
            case (_, ScalarType.Bool): ToBool(src, dst.Span<bool>()); break;
            default: throw new NotSupportedException($"to: cannot convert {src.dtype} to {dst.dtype}.");
        }
    }

    static void ToInt64<T>(ReadOnlySpan<T> s, Span<long> d, Tensor src) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        // Truncation toward zero, as PyTorch's .long(); a NaN or infinity has no integer value.
        for (int i = 0; i < s.Length; i++)
        {
            if (!T.IsFinite(s[i]))
                throw new ArgumentException($"to(Int64): element {i} of the {src.dtype} tensor (shape {src.ShapeText}) is {s[i]}, which has no integer value.");
            d[i] = long.CreateTruncating(s[i]);
        }
    }

    static void FromBool(ReadOnlySpan<bool> s, Tensor dst)
    {
        switch (dst.dtype)
        {
            case ScalarType.Float32: { var d = dst.Span<float>(); for (int i = 0; i < s.Length; i++) d[i] = s[i] ? 1f : 0f; break; }
            case ScalarType.Float64: { var d = dst.Span<double>(); for (int i = 0; i < s.Length; i++) d[i] = s[i] ? 1.0 : 0.0; break; }
            default: { var d = dst.Span<long>(); for (int i = 0; i < s.Length; i++) d[i] = s[i] ? 1 : 0; break; }
        }
    }

    static void ToBool(Tensor src, Span<bool> d)
    {
        switch (src.dtype)
        {
            case ScalarType.Float32: { var s = src.Span<float>(); for (int i = 0; i < s.Length; i++) d[i] = s[i] != 0; break; }
            case ScalarType.Float64: { var s = src.Span<double>(); for (int i = 0; i < s.Length; i++) d[i] = s[i] != 0; break; }
            default: { var s = src.Span<long>(); for (int i = 0; i < s.Length; i++) d[i] = s[i] != 0; break; }
        }
    }
}
