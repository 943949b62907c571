using System.Buffers.Binary;
using System.Text;

namespace Edu.Sdk.Tests.Data;

/// <summary>Builds NPY files byte by byte, independently of the writer under test, so corrupt ones can be made too.</summary>
internal static class NpyBytes
{
    /// <summary>Magic, version, header length, the dict text padded with spaces and a newline to <paramref name="align"/> bytes.</summary>
    public static byte[] Header(string dict, int major = 1, int align = 64)
    {
        int preamble = major == 1 ? 10 : 12;
        int total = (preamble + dict.Length + 1 + align - 1) / align * align;
        var b = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        int headerLen = total - preamble;
        if (major == 1) { b.Add((byte)(headerLen & 0xff)); b.Add((byte)(headerLen >> 8)); }
        else { var len = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(len, headerLen); b.AddRange(len); }
        b.AddRange(Encoding.ASCII.GetBytes(dict));
        while (b.Count < total - 1) b.Add((byte)' ');
        b.Add((byte)'\n');
        return [.. b];
    }

    public static string Dict(string descr, string shape, bool fortran = false) =>
        $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";

    public static byte[] File(string descr, string shape, byte[] data, bool fortran = false, int major = 1) =>
        [.. Header(Dict(descr, shape, fortran), major), .. data];

    public static byte[] Floats(params float[] v)
    {
        var b = new byte[4 * v.Length];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(4 * i), v[i]);
        return b;
    }

    public static byte[] Doubles(params double[] v)
    {
        var b = new byte[8 * v.Length];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(8 * i), v[i]);
        return b;
    }

    public static byte[] Int32s(bool bigEndian, params int[] v)
    {
        var b = new byte[4 * v.Length];
        for (int i = 0; i < v.Length; i++)
            if (bigEndian) BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4 * i), v[i]);
            else BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4 * i), v[i]);
        return b;
    }

    public static byte[] Int64s(params long[] v)
    {
        var b = new byte[8 * v.Length];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8 * i), v[i]);
        return b;
    }
}
