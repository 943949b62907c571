using Edu.Sdk.Data;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Data;

public class IdxReadWriteTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Images_are_read_as_float32_scaled_to_unit_interval(bool gzip)
    {
        using var dir = new TempDir();
        byte[] pixels = [0, 1, 127, 128, 254, 255, 10, 20, 30, 40, 50, 60];
        string path = dir.File("images");
        System.IO.File.WriteAllBytes(path, Maybe(gzip, IdxBytes.File(0x803, [2, 2, 3], pixels)));

        var images = Idx.ReadImages(path);

        Assert.Equal(ScalarType.Float32, images.dtype);
        Assert.Equal([2L, 2, 3], images.shape);
        var values = images.data<float>().ToArray();
        for (int i = 0; i < pixels.Length; i++) Assert.Equal(pixels[i] / 255f, values[i]);
        Assert.Equal(0f, values[0]);
        Assert.Equal(1f, values[5]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Images_unscaled_keep_byte_values(bool gzip)
    {
        using var dir = new TempDir();
        byte[] pixels = [0, 7, 200, 255];
        string path = dir.File("images");
        System.IO.File.WriteAllBytes(path, Maybe(gzip, IdxBytes.File(0x803, [1, 2, 2], pixels)));

        var images = Idx.ReadImages(path, scale: false);

        Assert.Equal(ScalarType.Float32, images.dtype);
        Assert.Equal([0f, 7f, 200f, 255f], images.data<float>().ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Labels_are_read_as_int64(bool gzip)
    {
        using var dir = new TempDir();
        string path = dir.File("labels");
        System.IO.File.WriteAllBytes(path, Maybe(gzip, IdxBytes.File(0x801, [5], [9, 0, 3, 255, 1])));

        var labels = Idx.ReadLabels(path);

        Assert.Equal(ScalarType.Int64, labels.dtype);
        Assert.Equal([5L], labels.shape);
        Assert.Equal([9L, 0, 3, 255, 1], labels.data<long>().ToArray());
    }

    [Fact]
    public void Raw_bytes_are_returned_as_stored_with_shape_and_magic()
    {
        using var dir = new TempDir();
        byte[] pixels = IdxBytes.Pattern(2 * 4 * 5);
        string path = dir.File("images.gz");
        System.IO.File.WriteAllBytes(path, IdxBytes.Gzip(IdxBytes.File(0x803, [2, 4, 5], pixels)));

        var raw = Idx.ReadImageBytes(path);

        Assert.Equal(pixels, raw.Data.ToArray());
        Assert.Equal([2L, 4, 5], raw.Shape);
        Assert.Equal(2, raw.Count);
        Assert.Equal(Idx.ImagesMagic, raw.Magic);
    }

    [Fact]
    public void Compression_is_detected_from_content_not_name()
    {
        using var dir = new TempDir();
        byte[] content = IdxBytes.File(0x801, [3], [1, 2, 3]);
        string gzipWithoutSuffix = dir.File("labels.idx");
        string rawWithGzSuffix = dir.File("labels-raw.gz");
        System.IO.File.WriteAllBytes(gzipWithoutSuffix, IdxBytes.Gzip(content));
        System.IO.File.WriteAllBytes(rawWithGzSuffix, content);

        Assert.Equal([1L, 2, 3], Idx.ReadLabels(gzipWithoutSuffix).data<long>().ToArray());
        Assert.Equal([1L, 2, 3], Idx.ReadLabels(rawWithGzSuffix).data<long>().ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Files_larger_than_one_read_chunk_decode_exactly(bool gzip)
    {
        // 1000 images of 28x28 is 784,000 bytes: many read chunks, a partial one at the end.
        using var dir = new TempDir();
        byte[] pixels = IdxBytes.Pattern(1000 * 28 * 28, seed: 7);
        string path = dir.File("big");
        System.IO.File.WriteAllBytes(path, Maybe(gzip, IdxBytes.File(0x803, [1000, 28, 28], pixels)));

        var scaled = Idx.ReadImages(path).data<float>().ToArray();
        var raw = Idx.ReadImageBytes(path).Data.ToArray();

        Assert.Equal(pixels, raw);
        Assert.Equal(pixels.Length, scaled.Length);
        for (int i = 0; i < pixels.Length; i++)
            if (scaled[i] != pixels[i] / 255f) Assert.Fail($"element {i}: {scaled[i]} != {pixels[i]}/255");
    }

    [Fact]
    public void Concatenated_gzip_members_are_read_whole()
    {
        // The gzip trailer then describes only the last member, so the reader must not trust it as the size.
        using var dir = new TempDir();
        byte[] content = IdxBytes.File(0x803, [3, 10, 10], IdxBytes.Pattern(300));
        string path = dir.File("multi.gz");
        System.IO.File.WriteAllBytes(path, [.. IdxBytes.Gzip(content[..100]), .. IdxBytes.Gzip(content[100..])]);

        Assert.Equal(content[16..], Idx.ReadImageBytes(path).Data.ToArray());
        Assert.Equal([3L, 10, 10], Idx.ReadImages(path).shape);
    }

    [Fact]
    public void Read_accepts_any_unsigned_byte_idx_file()
    {
        using var dir = new TempDir();
        string path = dir.File("cube");
        System.IO.File.WriteAllBytes(path, IdxBytes.File(0x804, [2, 1, 2, 3], IdxBytes.Pattern(12)));

        var a = Idx.Read(path);

        Assert.Equal([2L, 1, 2, 3], a.Shape);
        Assert.Equal(0x804, a.Magic);
        Assert.Equal([2L, 1, 2, 3], a.ToFloat32().shape);
        Assert.Equal(ScalarType.Int64, a.ToInt64().dtype);
    }

    [Theory]
    [InlineData("images.idx", null)]
    [InlineData("images.idx.gz", null)]
    [InlineData("images.idx", true)]
    [InlineData("images.idx.gz", false)]
    public void Written_images_and_labels_read_back_equal(string name, bool? gzip)
    {
        using var dir = new TempDir();
        byte[] pixels = IdxBytes.Pattern(4 * 3 * 2, seed: 3);
        var images = new IdxArray(pixels, 4, 3, 2).ToFloat32();
        var labels = tensor(new long[] { 3, 1, 4, 1 });
        string imagesPath = dir.File(name);
        string labelsPath = dir.File("labels-" + name);

        Idx.WriteImages(imagesPath, images, gzip: gzip);
        Idx.WriteLabels(labelsPath, labels, gzip: gzip);

        bool compressed = gzip ?? name.EndsWith(".gz", StringComparison.Ordinal);
        Assert.Equal(compressed, IsGzip(imagesPath));
        Assert.Equal(pixels, Idx.ReadImageBytes(imagesPath).Data.ToArray());
        Assert.Equal(images.data<float>().ToArray(), Idx.ReadImages(imagesPath).data<float>().ToArray());
        Assert.Equal([3L, 1, 4, 1], Idx.ReadLabels(labelsPath).data<long>().ToArray());
    }

    [Fact]
    public void Writer_header_is_the_big_endian_idx_header()
    {
        using var dir = new TempDir();
        string path = dir.File("a.idx");

        Idx.Write(path, new IdxArray([5, 6, 7, 8, 9, 10], 1, 2, 3));

        Assert.Equal(IdxBytes.File(0x803, [1, 2, 3], [5, 6, 7, 8, 9, 10]), System.IO.File.ReadAllBytes(path));
    }

    [Fact]
    public void Unscaled_float_and_int64_images_are_written_as_their_values()
    {
        using var dir = new TempDir();
        string a = dir.File("a.idx"), b = dir.File("b.idx");

        Idx.WriteImages(a, tensor(new float[] { 0, 12, 255, 254.6f }, [1, 2, 2]), scaled: false);
        Idx.WriteImages(b, tensor(new long[] { 0, 12, 255, 1 }, [1, 2, 2]));

        Assert.Equal([0, 12, 255, 255], Idx.ReadImageBytes(a).Data.ToArray());
        Assert.Equal([0, 12, 255, 1], Idx.ReadImageBytes(b).Data.ToArray());
    }

    [Fact]
    public void Writing_replaces_the_file_and_leaves_no_temporary_file()
    {
        using var dir = new TempDir();
        string path = dir.File("labels.gz");
        Idx.WriteLabels(path, tensor(new long[] { 1, 2, 3 }));

        Idx.WriteLabels(path, tensor(new long[] { 7 }));

        Assert.Equal([7L], Idx.ReadLabels(path).data<long>().ToArray());
        Assert.Equal(["labels.gz"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_pixel_without_a_byte_value_is_refused_with_its_index_and_nothing_is_written()
    {
        using var dir = new TempDir();
        string path = dir.File("images.idx");
        var images = tensor(new float[] { 0, 0.5f, 1, 0, 0, 1.5f }, [1, 2, 3]);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Idx.WriteImages(path, images));

        Assert.Contains("pixel [0, 1, 2] is 1.5", e.Message);
        Assert.Contains("[0, 1]", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Labels_outside_a_byte_and_wrong_shapes_are_refused()
    {
        using var dir = new TempDir();
        string path = dir.File("x.idx");

        var big = Assert.Throws<ArgumentOutOfRangeException>(() => Idx.WriteLabels(path, tensor(new long[] { 1, 256 })));
        Assert.Contains("label at flat index 1 is 256", big.Message);
        var notInt = Assert.Throws<ArgumentException>(() => Idx.WriteLabels(path, tensor(new float[] { 1 })));
        Assert.Contains("1-d Int64", notInt.Message);
        var flat = Assert.Throws<ArgumentException>(() => Idx.WriteImages(path, zeros(4, 784)));
        Assert.Contains("3-d", flat.Message);
        Assert.Contains("4x784", flat.Message);
    }

    [Fact]
    public void IdxArray_refuses_a_shape_that_does_not_hold_the_data()
    {
        var e = Assert.Throws<ArgumentException>(() => new IdxArray(new byte[5], 2, 3));
        Assert.Contains("holds 6 elements but 5 bytes", e.Message);
    }

    static byte[] Maybe(bool gzip, byte[] content) => gzip ? IdxBytes.Gzip(content) : content;

    static bool IsGzip(string path)
    {
        var b = System.IO.File.ReadAllBytes(path);
        return b.Length > 2 && b[0] == 0x1f && b[1] == 0x8b;
    }
}
