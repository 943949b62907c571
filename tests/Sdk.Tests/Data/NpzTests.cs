using System.IO.Compression;
using Edu.Sdk.Data;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Data;

public class NpzTests
{
    [Theory]
    [InlineData(false, 0)] // stored, as numpy.savez
    [InlineData(true, 8)]  // deflated, as numpy.savez_compressed
    public void Arrays_round_trip_by_name_in_order(bool compress, int method)
    {
        using var dir = new TempDir();
        string path = dir.File("d.npz");
        var x = arange(12, float32).reshape(3, 4);
        var y = tensor(new long[] { 2, 0, 1 });
        var mask = tensor(new bool[] { true, false, true });

        Npz.Save(path, new Dictionary<string, Tensor> { ["x_train"] = x, ["y_train"] = y, ["mask"] = mask }, compress);

        using (var zip = ZipFile.OpenRead(path))
            Assert.Equal(["x_train.npy", "y_train.npy", "mask.npy"], zip.Entries.Select(e => e.FullName));
        byte[] raw = File.ReadAllBytes(path);
        Assert.Equal(method, raw[8]); // compression method of the first local file header
        var back = Npz.Load(path);
        Assert.Equal(["x_train", "y_train", "mask"], back.Keys);
        Assert.Equal(x.data<float>().ToArray(), back["x_train"].data<float>().ToArray());
        Assert.Equal([3L, 4], back["x_train"].shape);
        Assert.Equal([2L, 0, 1], back["y_train"].data<long>().ToArray());
        Assert.Equal([true, false, true], back["mask"].data<bool>().ToArray());
    }

    [Fact]
    public void A_hand_built_archive_of_hand_built_members_is_read()
    {
        using var dir = new TempDir();
        string path = dir.File("h.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            Add(zip, "images.npy", NpyBytes.File("|u1", "(2, 2)", [0, 128, 255, 7]), CompressionLevel.Optimal);
            Add(zip, "labels.npy", NpyBytes.File("<i4", "(2,)", NpyBytes.Int32s(false, 3, 9)), CompressionLevel.NoCompression);
        }

        var d = Npz.Load(path);

        Assert.Equal([0L, 128, 255, 7], d["images"].data<long>().ToArray());
        Assert.Equal([3L, 9], d["labels"].data<long>().ToArray());
    }

    [Fact]
    public void Not_a_zip_file()
    {
        using var dir = new TempDir();
        string path = dir.File("x.npz");
        File.WriteAllBytes(path, NpyBytes.File("<f4", "(1,)", NpyBytes.Floats(1)));

        var e = Assert.Throws<NpyFormatException>(() => Npz.Load(path));

        Assert.StartsWith(path, e.Message);
        Assert.Contains("not an NPZ file", e.Message);
        Assert.Contains("Npy.Load", e.Message);
    }

    [Fact]
    public void A_truncated_archive()
    {
        using var dir = new TempDir();
        string path = dir.File("t.npz");
        Npz.Save(path, new Dictionary<string, Tensor> { ["a"] = ones(100) });
        byte[] raw = File.ReadAllBytes(path);
        File.WriteAllBytes(path, raw[..(raw.Length / 2)]);

        var e = Assert.Throws<NpyFormatException>(() => Npz.Load(path));

        Assert.StartsWith(path, e.Message);
        Assert.Contains("zip archive is corrupt or truncated", e.Message);
    }

    [Fact]
    public void A_corrupt_member_is_named()
    {
        using var dir = new TempDir();
        string path = dir.File("m.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            Add(zip, "good.npy", NpyBytes.File("<f4", "(1,)", NpyBytes.Floats(1)), CompressionLevel.NoCompression);
            Add(zip, "bad.npy", NpyBytes.File("<f4", "(3,)", NpyBytes.Floats(1)), CompressionLevel.Optimal);
        }

        var e = Assert.Throws<NpyFormatException>(() => Npz.Load(path));

        Assert.Equal(path, e.FilePath);
        Assert.Contains($"{path} (member bad.npy): truncated file", e.Message);
        Assert.Contains("expected 12 bytes of data, found 4", e.Message);
    }

    [Fact]
    public void An_empty_name_is_refused()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentException>(() => Npz.Save(dir.File("e.npz"), new Dictionary<string, Tensor> { [""] = ones(1) }));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    static void Add(ZipArchive zip, string name, byte[] content, CompressionLevel level)
    {
        using var s = zip.CreateEntry(name, level).Open();
        s.Write(content);
    }
}
