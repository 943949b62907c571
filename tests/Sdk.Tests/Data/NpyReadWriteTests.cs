using System.Text;
using Edu.Sdk.Data;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Data;

public class NpyReadWriteTests
{
    [Fact]
    public void A_hand_built_float32_file_is_read()
    {
        using var dir = new TempDir();
        string path = dir.File("a.npy");
        // The header exactly as numpy.save writes it for np.arange(6, dtype='<f4').reshape(2, 3).
        const string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 118, 0 };
        bytes.AddRange(Encoding.ASCII.GetBytes(dict));
        while (bytes.Count < 127) bytes.Add((byte)' ');
        bytes.Add((byte)'\n');
        Assert.Equal(128, bytes.Count); // 10 bytes of preamble + 118 of header: the data starts at 2 x 64
        bytes.AddRange(NpyBytes.Floats(0, 1, 2, 3, 4, 5.5f));
        File.WriteAllBytes(path, [.. bytes]);

        var t = Npy.Load(path);

        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal([2L, 3], t.shape);
        Assert.Equal([0f, 1, 2, 3, 4, 5.5f], t.data<float>().ToArray());
    }

    [Fact]
    public void The_writer_produces_numpys_bytes()
    {
        using var dir = new TempDir();
        string path = dir.File("w.npy");

        Npy.Save(path, tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]));

        byte[] expected = NpyBytes.File("<f4", "(2, 3)", NpyBytes.Floats(1, 2, 3, 4, 5, 6));
        Assert.Equal(expected, File.ReadAllBytes(path));
        Assert.Equal(0, (File.ReadAllBytes(path).Length - 24) % 64);
    }

    [Theory]
    [InlineData("(5,)", new long[] { 5 })]
    [InlineData("()", new long[0])]
    [InlineData("(2, 0, 3)", new long[] { 2, 0, 3 })]
    public void Shapes_are_written_as_python_tuples(string text, long[] shape)
    {
        using var dir = new TempDir();
        string path = dir.File("s.npy");
        var t = zeros(shape, float64);

        Npy.Save(path, t);

        string header = Encoding.ASCII.GetString(File.ReadAllBytes(path)).Split('\n')[0];
        Assert.Contains($"'shape': {text}, }}", header);
        Assert.Equal(shape, Npy.Load(path).shape);
    }

    [Fact]
    public void Every_writable_dtype_round_trips()
    {
        using var dir = new TempDir();
        var tensors = new[]
        {
            tensor(new float[] { 1.5f, -2, float.MaxValue, float.Epsilon }, [2, 2]),
            tensor(new double[] { Math.PI, -0.0, double.MinValue }),
            tensor(new long[] { long.MinValue, 0, 7, long.MaxValue }, [1, 4]),
            tensor(new bool[] { true, false, true }),
        };
        foreach (var t in tensors)
        {
            string path = dir.File($"{t.dtype}.npy");
            Npy.Save(path, t);
            var back = Npy.Load(path);
            Assert.Equal(t.dtype, back.dtype);
            Assert.Equal(t.shape, back.shape);
            Assert.Equal(Bytes(t), Bytes(back));
        }
    }

    [Fact]
    public void A_transposed_view_is_written_row_major()
    {
        using var dir = new TempDir();
        string path = dir.File("t.npy");
        var m = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);

        Npy.Save(path, m.T);

        var back = Npy.Load(path);
        Assert.Equal([3L, 2], back.shape);
        Assert.Equal([1f, 4, 2, 5, 3, 6], back.data<float>().ToArray());
    }

    [Fact]
    public void Int32_and_uint8_become_int64_and_big_endian_is_swapped()
    {
        using var dir = new TempDir();
        string i4 = dir.File("i4.npy"), be = dir.File("be.npy"), u1 = dir.File("u1.npy");
        File.WriteAllBytes(i4, NpyBytes.File("<i4", "(3,)", NpyBytes.Int32s(false, -1, 2, int.MaxValue)));
        File.WriteAllBytes(be, NpyBytes.File(">i4", "(3,)", NpyBytes.Int32s(true, -1, 2, int.MaxValue)));
        File.WriteAllBytes(u1, NpyBytes.File("|u1", "(2, 2)", [0, 1, 200, 255]));

        foreach (var path in new[] { i4, be })
        {
            var t = Npy.Load(path);
            Assert.Equal(ScalarType.Int64, t.dtype);
            Assert.Equal([-1L, 2, int.MaxValue], t.data<long>().ToArray());
        }
        var bytes = Npy.Load(u1);
        Assert.Equal(ScalarType.Int64, bytes.dtype);
        Assert.Equal([0L, 1, 200, 255], bytes.data<long>().ToArray());
    }

    [Fact]
    public void Long_arrays_needing_conversion_are_converted_chunk_by_chunk()
    {
        using var dir = new TempDir();
        string path = dir.File("big.npy"), cut = dir.File("cut.npy");
        int[] values = Enumerable.Range(0, 40_000).Select(i => i * 7 - 100_000).ToArray();
        byte[] file = NpyBytes.File(">i4", "(200, 200)", NpyBytes.Int32s(true, values));
        File.WriteAllBytes(path, file);
        File.WriteAllBytes(cut, file[..^10]);

        var t = Npy.Load(path);

        Assert.Equal([200L, 200], t.shape);
        Assert.Equal(values.Select(v => (long)v), t.data<long>().ToArray());
        var e = Assert.Throws<NpyFormatException>(() => Npy.Load(cut));
        Assert.Contains("expected 160000 bytes of data, found 159990", e.Message);
    }

    [Fact]
    public void Float16_becomes_float32_and_float64_stays()
    {
        using var dir = new TempDir();
        string f2 = dir.File("f2.npy"), f8 = dir.File("f8.npy");
        var half = new byte[4];
        BitConverter.TryWriteBytes(half.AsSpan(0), (Half)1.5f);
        BitConverter.TryWriteBytes(half.AsSpan(2), (Half)(-2f));
        File.WriteAllBytes(f2, NpyBytes.File("<f2", "(2,)", half));
        File.WriteAllBytes(f8, NpyBytes.File("<f8", "(1,)", NpyBytes.Doubles(0.1)));

        Assert.Equal([1.5f, -2f], Npy.Load(f2).data<float>().ToArray());
        var d = Npy.Load(f8);
        Assert.Equal(ScalarType.Float64, d.dtype);
        Assert.Equal(0.1, d.data<double>()[0]);
    }

    [Fact]
    public void Fortran_order_is_reordered_to_the_same_values_at_the_same_indices()
    {
        using var dir = new TempDir();
        string path = dir.File("f.npy");
        // np.asfortranarray(np.arange(6).reshape(2, 3)) stores column by column: 0 3 1 4 2 5.
        File.WriteAllBytes(path, NpyBytes.File("<i8", "(2, 3)", NpyBytes.Int64s(0, 3, 1, 4, 2, 5), fortran: true));

        var t = Npy.Load(path);

        Assert.Equal([2L, 3], t.shape);
        Assert.Equal([0L, 1, 2, 3, 4, 5], t.data<long>().ToArray());
    }

    [Fact]
    public void Fortran_order_in_three_dimensions()
    {
        using var dir = new TempDir();
        string path = dir.File("f3.npy");
        // Shape (2, 2, 2), element [i, j, k] = 100i + 10j + k, stored with i fastest.
        var stored = new List<long>();
        for (int k = 0; k < 2; k++) for (int j = 0; j < 2; j++) for (int i = 0; i < 2; i++) stored.Add(100 * i + 10 * j + k);
        File.WriteAllBytes(path, NpyBytes.File("<i8", "(2, 2, 2)", NpyBytes.Int64s([.. stored]), fortran: true));

        var t = Npy.Load(path);

        Assert.Equal([0L, 1, 10, 11, 100, 101, 110, 111], t.data<long>().ToArray());
    }

    [Fact]
    public void Version_2_headers_python_2_longs_and_16_byte_alignment_are_read()
    {
        using var dir = new TempDir();
        string v2 = dir.File("v2.npy"), old = dir.File("old.npy");
        File.WriteAllBytes(v2, NpyBytes.File("<f8", "(2,)", NpyBytes.Doubles(1, 2), major: 2));
        File.WriteAllBytes(old, [.. NpyBytes.Header("{'descr': '<i8', 'fortran_order': False, 'shape': (2L,), }", align: 16), .. NpyBytes.Int64s(4, 5)]);

        Assert.Equal([1.0, 2.0], Npy.Load(v2).data<double>().ToArray());
        Assert.Equal([4L, 5], Npy.Load(old).data<long>().ToArray());
    }

    [Fact]
    public void Saving_replaces_the_file_and_leaves_no_temporary_file()
    {
        using var dir = new TempDir();
        string path = dir.File("r.npy");
        Npy.Save(path, ones(3));
        Npy.Save(path, zeros(5));

        Assert.Equal([5L], Npy.Load(path).shape);
        Assert.Equal(["r.npy"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    static byte[] Bytes(Tensor t) => t.dtype switch
    {
        ScalarType.Float32 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.data<float>()).ToArray(),
        ScalarType.Float64 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.data<double>()).ToArray(),
        ScalarType.Int64 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.data<long>()).ToArray(),
        _ => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.data<bool>()).ToArray(),
    };
}
