using System.Text;
using Edu.Sdk.Training.TensorBoard;

namespace Edu.Sdk.Tests.Training;

public class Crc32CTests
{
    // Known vectors: the CRC-32C "check" value, and RFC 3720 (iSCSI) appendix B.4.
    [Fact]
    public void Check_value_of_123456789() => Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Fact]
    public void Rfc3720_vectors()
    {
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x113FDB5Cu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));
    }

    [Fact]
    public void Empty_input_gives_zero() => Assert.Equal(0u, Crc32C.Compute([]));

    [Fact]
    public void Every_length_agrees_with_a_bitwise_reference()
    {
        var data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog, twice over: the quick brown fox.");
        for (int n = 0; n <= data.Length; n++)
            Assert.Equal(Bitwise(data.AsSpan(0, n)), Crc32C.Compute(data.AsSpan(0, n)));
    }

    [Fact]
    public void Mask_follows_tensorflow_and_unmasks()
    {
        uint crc = 0xE3069283;
        Assert.Equal(unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8), Crc32C.Mask(crc));
        foreach (uint c in new uint[] { 0, 1, crc, 0xFFFFFFFF, 0x12345678 })
            Assert.Equal(c, Crc32C.Unmask(Crc32C.Mask(c)));
    }

    static uint Bitwise(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
        }
        return ~crc;
    }
}
