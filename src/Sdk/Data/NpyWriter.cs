using System.Runtime.InteropServices;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>Writes one tensor as an NPY array (header and row-major data) to a stream.</summary>
internal static class NpyWriter
{
    public static void Write(Stream sink, Tensor tensor)
    {
        var t = tensor.Contiguous();
        sink.Write(NpyHeader.Build(NpyDtype.DescrOf(t.dtype), t.Dims));
        ReadOnlySpan<byte> data = t.dtype switch
        {
            ScalarType.Float32 => MemoryMarshal.AsBytes(t.Span<float>()),
            ScalarType.Float64 => MemoryMarshal.AsBytes(t.Span<double>()),
            ScalarType.Int64 => MemoryMarshal.AsBytes(t.Span<long>()),
            ScalarType.Bool => MemoryMarshal.AsBytes(t.Span<bool>()),
            _ => throw new ArgumentOutOfRangeException(nameof(tensor)),
        };
        sink.Write(data);
    }
}
