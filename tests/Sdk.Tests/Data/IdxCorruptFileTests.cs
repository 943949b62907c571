using Edu.Sdk.Data;

namespace Edu.Sdk.Tests.Data;

/// <summary>Every corrupt file is refused with an <see cref="IdxFormatException"/> naming the file and the fault.</summary>
public class IdxCorruptFileTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Labels_read_as_images_report_found_and_expected_magic(bool gzip)
    {
        using var dir = new TempDir();
        string path = Write(dir, "train-labels-idx1-ubyte", IdxBytes.File(0x801, [3], [1, 2, 3]), gzip);

        var e = Refused(() => Idx.ReadImages(path), path);

        Assert.Contains("wrong magic number", e.Message);
        Assert.Contains("found 0x00000801", e.Message);
        Assert.Contains("expected 0x00000803", e.Message);
        Assert.Contains("swapped", e.Message);
    }

    [Fact]
    public void Images_read_as_labels_report_found_and_expected_magic()
    {
        using var dir = new TempDir();
        string path = Write(dir, "imgs", IdxBytes.File(0x803, [1, 1, 1], [0]));

        var e = Refused(() => Idx.ReadLabels(path), path);

        Assert.Contains("found 0x00000803, expected 0x00000801", e.Message);
    }

    [Fact]
    public void A_saved_error_page_is_recognised_as_text()
    {
        using var dir = new TempDir();
        string path = Write(dir, "train-images-idx3-ubyte.gz", "<!DOCTYPE html><html>Not Found</html>"u8.ToArray());

        var e = Refused(() => Idx.ReadImages(path), path);

        Assert.Contains("wrong magic number: found 0x3C21444F", e.Message);
        Assert.Contains("failed download", e.Message);
    }

    [Fact]
    public void A_little_endian_header_is_reported_as_reversed()
    {
        using var dir = new TempDir();
        string path = Write(dir, "le", [0x03, 0x08, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 42]);

        var e = Refused(() => Idx.ReadImages(path), path);

        Assert.Contains("found 0x03080000", e.Message);
        Assert.Contains("big-endian", e.Message);
    }

    [Fact]
    public void Element_types_other_than_unsigned_bytes_are_named()
    {
        using var dir = new TempDir();
        string path = Write(dir, "floats", IdxBytes.File(0x0D03, [1, 1, 1], [0, 0, 0, 0]));

        var e = Refused(() => Idx.ReadImages(path), path);

        Assert.Contains("found 0x00000D03", e.Message);
        Assert.Contains("32-bit floats", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_data_reports_expected_and_found_byte_counts(bool gzip)
    {
        using var dir = new TempDir();
        string path = Write(dir, "train-images-idx3-ubyte", IdxBytes.File(0x803, [10, 28, 28], new byte[7000]), gzip);

        var images = Refused(() => Idx.ReadImages(path), path);
        var bytes = Refused(() => Idx.ReadImageBytes(path), path);

        foreach (var e in new[] { images, bytes })
        {
            Assert.Contains("truncated", e.Message);
            Assert.Contains("10 images of 28x28", e.Message);
            Assert.Contains("expected 7840 bytes of data, found 7000", e.Message);
        }
    }

    [Fact]
    public void Truncated_labels_report_expected_and_found_byte_counts()
    {
        using var dir = new TempDir();
        string path = Write(dir, "t10k-labels-idx1-ubyte", IdxBytes.File(0x801, [10000], new byte[9999]));

        var e = Refused(() => Idx.ReadLabels(path), path);

        Assert.Contains("expected 10000 bytes of data, found 9999", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void More_data_than_declared_means_the_dimensions_do_not_fit(bool gzip)
    {
        using var dir = new TempDir();
        string path = Write(dir, "images", IdxBytes.File(0x803, [2, 3, 3], new byte[19]), gzip);

        var images = Refused(() => Idx.ReadImages(path), path);
        var bytes = Refused(() => Idx.ReadImageBytes(path), path);

        foreach (var e in new[] { images, bytes })
        {
            Assert.Contains("dimensions do not fit the data", e.Message);
            Assert.Contains("2 images of 3x3, which is 18 bytes of data, but the file holds 19", e.Message);
        }
    }

    [Fact]
    public void A_header_cut_short_is_truncated()
    {
        using var dir = new TempDir();
        string path = Write(dir, "short", [0, 0, 8, 3, 0, 0]);

        var e = Refused(() => Idx.ReadImages(path), path);

        Assert.Contains("truncated header", e.Message);
        Assert.Contains("need 12 bytes after it, but the file ends after 2", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_empty_file_is_refused(bool gzip)
    {
        using var dir = new TempDir();
        string path = Write(dir, "empty", [], gzip);

        var e = Refused(() => Idx.ReadLabels(path), path);

        Assert.Contains("the file is empty", e.Message);
    }

    [Fact]
    public void Dimensions_too_large_for_any_array_are_refused_before_allocating()
    {
        using var dir = new TempDir();
        string huge = Write(dir, "huge", IdxBytes.File(0x803, [100000, 1000, 1000], new byte[10]));
        string negative = Write(dir, "negative", IdxBytes.File(0x801, [-1], new byte[10]));

        var e = Refused(() => Idx.ReadImages(huge), huge);
        Assert.Contains("100000 images of 1000x1000", e.Message);
        Assert.Contains("more bytes than one array can hold", e.Message);

        var n = Refused(() => Idx.ReadLabels(negative), negative);
        Assert.Contains("dimension 0 of the header is 4294967295", n.Message);
    }

    [Fact]
    public void Images_without_pixels_are_refused()
    {
        using var dir = new TempDir();
        string path = Write(dir, "flat", IdxBytes.File(0x803, [5, 0, 28], []));

        var e = Refused(() => Idx.ReadImages(path), path);

        Assert.Contains("5 images of 0x28 pixels", e.Message);
    }

    [Fact]
    public void Corrupt_gzip_data_is_reported_as_such()
    {
        using var dir = new TempDir();
        byte[] gz = IdxBytes.Gzip(IdxBytes.File(0x803, [100, 28, 28], IdxBytes.Pattern(78400)));
        for (int i = gz.Length / 2; i < gz.Length - 8; i += 7) gz[i] ^= 0x5A; // past the header, so the fault shows in the data
        string path = Write(dir, "train-images-idx3-ubyte.gz", gz);

        var e = Refused(() => Idx.ReadImages(path), path);

        Assert.True(e.Message.Contains("gzip data is corrupt", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void A_gzip_stream_cut_short_is_refused()
    {
        using var dir = new TempDir();
        byte[] gz = IdxBytes.Gzip(IdxBytes.File(0x803, [100, 28, 28], IdxBytes.Pattern(78400)));
        string path = Write(dir, "cut.gz", gz[..(gz.Length / 2)]);

        var e = Refused(() => Idx.ReadImages(path), path);

        // Depending on where the cut falls, zlib reports a corrupt stream or the data simply ends early.
        Assert.True(e.Message.Contains("gzip data is corrupt") || e.Message.Contains("expected 78400 bytes of data, found"), e.Message);
    }

    static string Write(TempDir dir, string name, byte[] content, bool gzip = false)
    {
        string path = dir.File(name);
        File.WriteAllBytes(path, gzip ? IdxBytes.Gzip(content) : content);
        return path;
    }

    static IdxFormatException Refused(Func<object> read, string path)
    {
        var e = Assert.Throws<IdxFormatException>(read);
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path + ":", e.Message);
        return e;
    }
}
