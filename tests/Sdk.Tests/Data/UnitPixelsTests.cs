using Edu.Sdk.Data;

namespace Edu.Sdk.Tests.Data;

public class UnitPixelsTests
{
    [Fact]
    public void Every_byte_becomes_exactly_its_value_over_255()
    {
        // 256 bytes then 256 again shifted by one: every value passes through a vector lane and through the tail.
        byte[] bytes = [.. Enumerable.Range(0, 256).Select(b => (byte)b), .. Enumerable.Range(0, 259).Select(b => (byte)(255 - b % 256))];
        var floats = new float[bytes.Length];

        UnitPixels.Convert(bytes, floats);

        for (int i = 0; i < bytes.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(bytes[i] / 255f) == BitConverter.SingleToInt32Bits(floats[i]),
                $"byte {bytes[i]} at {i}: {floats[i]:R}, expected {bytes[i] / 255f:R}");
    }

    [Fact]
    public void Each_vector_path_is_exact_on_every_byte()
    {
        // Whichever path this machine takes above, both vector paths are checked where the CPU has them.
        var bytes = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported) AssertExact(bytes, UnitPixels.Convert512);
        if (System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported) AssertExact(bytes, UnitPixels.Convert256);
    }

    static void AssertExact(byte[] bytes, Func<ReadOnlySpan<byte>, Span<float>, int> path)
    {
        var floats = new float[bytes.Length];
        Assert.Equal(bytes.Length, path(bytes, floats));
        for (int i = 0; i < bytes.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(bytes[i] / 255f) == BitConverter.SingleToInt32Bits(floats[i]), $"byte {bytes[i]}: {floats[i]:R}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(17)]
    public void Unaligned_slices_and_short_spans_convert_every_element(int start)
    {
        var bytes = Enumerable.Range(0, 40).Select(b => (byte)(b * 6 + 3)).ToArray();
        var floats = new float[41];
        floats[^1] = -1f;

        UnitPixels.Convert(bytes.AsSpan(start), floats.AsSpan(start, bytes.Length - start));

        for (int i = start; i < bytes.Length; i++) Assert.Equal(bytes[i] / 255f, floats[i]);
        Assert.Equal(-1f, floats[^1]);
    }

    [Fact]
    public void Spans_of_different_lengths_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => UnitPixels.Convert(new byte[3], new float[4]));
        Assert.Contains("3 bytes but room for 4 floats", e.Message);
    }
}
