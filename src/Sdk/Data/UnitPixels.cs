using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Edu.Sdk.Data;

/// <summary>
/// Pixel bytes to floats in [0, 1]: every byte b becomes exactly <c>b / 255f</c>, the value the IDX reader has
/// always given, whichever path converts it (a whole file at load, or the rows of one batch).
/// </summary>
/// <remarks>
/// A division per pixel is slow (a vector divide costs about ten FMAs), and multiplying by 1/255 alone is off by one
/// ulp for some bytes. One Newton step on the remainder fixes that: with r = RN(1/255) and q = RN(b·r), the FMA gives
/// the exact remainder e = b − 255·q, and RN(q + e·r) is the correctly rounded quotient (Markstein). A test checks
/// all 256 bytes against <c>b / 255f</c>.
/// </remarks>
internal static class UnitPixels
{
    const float Reciprocal = 1f / 255f;

    /// <summary>Writes <c>src[i] / 255f</c> into <c>dst[i]</c>; the spans have the same length.</summary>
    public static void Convert(ReadOnlySpan<byte> src, Span<float> dst)
    {
        if (dst.Length != src.Length)
            throw new ArgumentException($"UnitPixels: {src.Length} bytes but room for {dst.Length} floats.", nameof(dst));
        int done = Avx512F.IsSupported ? Convert512(src, dst) : Avx2.IsSupported && Fma.IsSupported ? Convert256(src, dst) : 0;
        for (int i = done; i < src.Length; i++) dst[i] = src[i] / 255f;
    }

    /// <summary>The AVX-512 path: converts whole groups of 16 and returns how many elements it did.</summary>
    internal static unsafe int Convert512(ReadOnlySpan<byte> src, Span<float> dst)
    {
        var r = Vector512.Create(Reciprocal);
        var minus255 = Vector512.Create(-255f);
        int whole = src.Length & ~15;
        fixed (byte* s = src)
        fixed (float* d = dst)
            for (int i = 0; i < whole; i += 16)
            {
                var b = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.Load(s + i)));
                var q = b * r;
                var e = Avx512F.FusedMultiplyAdd(minus255, q, b);
                Avx512F.FusedMultiplyAdd(e, r, q).Store(d + i);
            }
        return whole;
    }

    /// <summary>The AVX2 path: converts whole groups of 8 and returns how many elements it did.</summary>
    internal static int Convert256(ReadOnlySpan<byte> src, Span<float> dst)
    {
        var r = Vector256.Create(Reciprocal);
        var minus255 = Vector256.Create(-255f);
        int i = 0;
        for (; i + 8 <= src.Length; i += 8)
        {
            var eight = Vector128.CreateScalar(BitConverter.ToUInt64(src.Slice(i, 8))).AsByte();
            var b = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(eight));
            var q = b * r;
            var e = Fma.MultiplyAdd(minus255, q, b);
            Fma.MultiplyAdd(e, r, q).CopyTo(dst.Slice(i, 8));
        }
        return i;
    }
}
