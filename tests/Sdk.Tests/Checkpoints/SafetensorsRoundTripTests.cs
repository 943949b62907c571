using System.Text;
using Edu.Sdk.Checkpoints;
using Edu.Sdk.Tests.Data;

namespace Edu.Sdk.Tests.Checkpoints;

public class SafetensorsRoundTripTests
{
    [Fact]
    public void Every_dtype_round_trips_bit_exactly_including_NaN_payloads_and_negative_zero()
    {
        using var dir = new TempDir();
        float[] f = [BitConverter.Int32BitsToSingle(0x7FC01234), BitConverter.Int32BitsToSingle(unchecked((int)0xFFA00001)), -0f, 0f,
                     float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, float.MaxValue, 1.5f, -2.25f, 3f, 1e-40f];
        double[] d = [BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_BEEF), -0.0, double.Epsilon, Math.PI];
        var tensors = new Dictionary<string, torch.Tensor>
        {
            ["f32"] = torch.tensor(f, [3, 4]),
            ["f64"] = torch.tensor(d),
            ["i64"] = torch.tensor(new[] { long.MinValue, -1L, 0L, long.MaxValue }),
            ["mask"] = torch.tensor(new[] { true, false, true }),
            ["scalar"] = torch.tensor(2.5),
            ["empty"] = torch.zeros(0, 3),
            ["transposed"] = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]).T,
        };
        string path = dir.File("all.safetensors");
        Safetensors.Save(path, tensors, new Dictionary<string, string> { ["note"] = "épreuve \"1\"" });
        var (loaded, metadata) = Safetensors.Load(path);

        Assert.Equal(tensors.Keys.Order(), loaded.Keys.Order());
        Assert.Equal(f.Select(BitConverter.SingleToInt32Bits), loaded["f32"].data<float>().ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(new long[] { 3, 4 }, loaded["f32"].shape);
        Assert.Equal(d.Select(BitConverter.DoubleToInt64Bits), loaded["f64"].data<double>().ToArray().Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(new[] { long.MinValue, -1L, 0L, long.MaxValue }, loaded["i64"].data<long>().ToArray());
        Assert.Equal(new[] { true, false, true }, loaded["mask"].data<bool>().ToArray());
        Assert.Empty(loaded["scalar"].shape);
        Assert.Equal(2.5, loaded["scalar"].item<double>());
        Assert.Equal(new long[] { 0, 3 }, loaded["empty"].shape);
        Assert.Equal(new long[] { 3, 2 }, loaded["transposed"].shape);
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, loaded["transposed"].data<float>().ToArray());
        Assert.Equal("épreuve \"1\"", metadata["note"]);
    }

    [Fact]
    public void The_file_is_byte_for_byte_the_published_layout()
    {
        using var dir = new TempDir();
        string path = dir.File("w.safetensors");
        Safetensors.Save(path, new Dictionary<string, torch.Tensor>
        {
            ["weight"] = torch.tensor(new[] { 1f, 2f }),     // sorted after "bias": laid out second
            ["bias"] = torch.tensor(new[] { 7L }),
        }, new Dictionary<string, string> { ["epoch"] = "3", ["by"] = "test" });

        const string json = """{"__metadata__":{"by":"test","epoch":"3"},"bias":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"weight":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""";
        byte[] data = [7, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40];
        var expected = SafetensorsFiles.Build(json, data, padTo: 8);
        var actual = File.ReadAllBytes(path);
        Assert.Equal(0, (actual.Length - data.Length) % 8);
        Assert.Equal((ulong)(expected.Length - 8 - data.Length), BitConverter.ToUInt64(actual, 0));
        Assert.Equal(Encoding.UTF8.GetString(expected, 8, expected.Length - 8 - data.Length), Encoding.UTF8.GetString(actual, 8, actual.Length - 8 - data.Length));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void An_unpadded_file_without_metadata_written_by_hand_loads()
    {
        using var dir = new TempDir();
        string path = dir.File("hand.safetensors");
        File.WriteAllBytes(path, SafetensorsFiles.Build("""{"x":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}""", SafetensorsFiles.Floats(-1f, 0.5f)));
        var (t, metadata) = Safetensors.Load(path);
        Assert.Empty(metadata);
        Assert.Equal(new long[] { 1, 2 }, t["x"].shape);
        Assert.Equal(new[] { -1f, 0.5f }, t["x"].data<float>().ToArray());
    }

    [Fact]
    public void Saving_an_invalid_dictionary_leaves_the_target_unchanged()
    {
        using var dir = new TempDir();
        string path = dir.File("model.safetensors");
        Safetensors.Save(path, new Dictionary<string, torch.Tensor> { ["a"] = torch.ones(2) });
        var before = File.ReadAllBytes(path);
        var bad = new Dictionary<string, torch.Tensor> { ["a"] = torch.zeros(2), ["b"] = torch.zeros(3), ["c"] = null! };
        var ex = Assert.Throws<ArgumentException>(() => Safetensors.Save(path, bad));
        Assert.StartsWith($"Safetensors.Save: tensor 'c' is null. Nothing was written to {path}.", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { "model.safetensors" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_write_that_fails_mid_way_leaves_the_target_and_no_temporary_file()
    {
        using var dir = new TempDir();
        string path = dir.File("model.safetensors");
        File.WriteAllText(path, "old");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[1000]);
            throw new IOException("disk full");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
