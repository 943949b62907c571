using System.Buffers.Binary;
using System.Globalization;
using Edu.Sdk.Tensors;

namespace Edu.Sdk.Data;

/// <summary>
/// The IDX header: a big-endian magic number (two zero bytes, the element type, the number of dimensions)
/// followed by one big-endian 32-bit size per dimension. Parsing it is where most corrupt files are caught,
/// so every refusal here says what was found and what was expected.
/// </summary>
internal static class IdxHeader
{
    public const byte UnsignedByte = 0x08;

    public static int UnsignedByteMagic(int ndim) => (UnsignedByte << 8) | ndim;

    public static int Length(int ndim) => 4 + 4 * ndim;

    /// <summary>Reads and validates the header; <paramref name="expectedMagic"/> null accepts any unsigned-byte IDX file.</summary>
    public static int[] Read(Stream source, string path, int? expectedMagic)
    {
        Span<byte> magicBytes = stackalloc byte[4];
        int got = source.ReadAtLeast(magicBytes, 4, throwOnEndOfStream: false);
        if (got < 4)
            throw new IdxFormatException(path, got == 0
                ? $"{path}: the file is empty; an IDX file starts with a 4-byte magic number{ExpectedText(expectedMagic)}. Copy or download it again."
                : $"{path}: truncated header: the file holds only {got} bytes, fewer than the 4-byte magic number{ExpectedText(expectedMagic)}. Copy or download it again.");

        int magic = BinaryPrimitives.ReadInt32BigEndian(magicBytes);
        byte type = magicBytes[2];
        int ndim = magicBytes[3];
        bool looksIdx = magicBytes[0] == 0 && magicBytes[1] == 0;
        if (!looksIdx || (expectedMagic is { } e && magic != e) || (expectedMagic is null && (type != UnsignedByte || ndim == 0)))
            throw new IdxFormatException(path, WrongMagic(path, magicBytes, magic, expectedMagic));

        Span<byte> sizes = stackalloc byte[4 * ndim];
        got = source.ReadAtLeast(sizes, sizes.Length, throwOnEndOfStream: false);
        if (got < sizes.Length)
            throw new IdxFormatException(path,
                $"{path}: truncated header: magic number 0x{magic:X8} declares {ndim} dimension(s), whose sizes need {sizes.Length} bytes after it, but the file ends after {got}. Copy or download it again.");

        var dims = new int[ndim];
        long total = 1;
        for (int i = 0; i < ndim; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(sizes.Slice(4 * i));
            if (d > int.MaxValue)
                throw new IdxFormatException(path, $"{path}: dimension {i} of the header is {d}, larger than any array can hold; the header is corrupt. Copy or download the file again.");
            dims[i] = (int)d;
            total = Math.Min(total * d, long.MaxValue / int.MaxValue); // saturate: the product only has to be compared with Array.MaxLength
        }
        if (total > Array.MaxLength)
            throw new IdxFormatException(path,
                $"{path}: the header declares {Describe(dims)}, more bytes than one array can hold ({Array.MaxLength}); the header is corrupt or the file is not an IDX file. Copy or download it again.");
        if (ndim == 3 && dims[0] > 0 && (dims[1] == 0 || dims[2] == 0))
            throw new IdxFormatException(path,
                $"{path}: the header declares {dims[0]} images of {dims[1]}x{dims[2]} pixels; images need at least 1x1 pixel. The header is corrupt; copy or download the file again.");
        return dims;
    }

    static string WrongMagic(string path, ReadOnlySpan<byte> b, int magic, int? expectedMagic)
    {
        string found = $"0x{magic:X8}";
        string hint;
        if (b[0] == (byte)'<' || (b[0] is >= 0x20 and < 0x7F && b[1] is >= 0x20 and < 0x7F && b[2] is >= 0x20 and < 0x7F && b[3] is >= 0x20 and < 0x7F))
            hint = $" The file starts with text (\"{System.Text.Encoding.ASCII.GetString(b)}\"): probably an error page saved by a failed download.";
        else if (b[2] == 0 && b[3] == 0 && b[1] == UnsignedByte)
            hint = " Its bytes look reversed (written little-endian); IDX headers are big-endian.";
        else if (b[0] != 0 || b[1] != 0)
            hint = " This is not an IDX file (an IDX magic number starts with two zero bytes).";
        else if (b[2] != UnsignedByte)
            hint = $" Its elements are {TypeName(b[2])}; Edu.Sdk reads unsigned-byte IDX files (element type 0x08), as MNIST and Fashion-MNIST are.";
        else if (expectedMagic is { } e && b[3] != (e & 0xFF))
            hint = $" It has {b[3]} dimension(s){(b[3] == 1 ? " (a label file?)" : b[3] == 3 ? " (an image file?)" : "")}; check that the images and labels files were not swapped.";
        else
            hint = " The header declares no dimension.";
        return $"{path}: wrong magic number: found {found}, expected {ExpectedName(expectedMagic)}.{hint}";
    }

    static string ExpectedText(int? expectedMagic) => expectedMagic is null ? "" : $" ({ExpectedName(expectedMagic)})";

    static string ExpectedName(int? expectedMagic) => expectedMagic switch
    {
        Idx.ImagesMagic => "0x00000803 (unsigned-byte images: count x rows x cols)",
        Idx.LabelsMagic => "0x00000801 (unsigned-byte labels: count)",
        { } m => $"0x{m:X8}",
        null => "0x000008NN (unsigned bytes, NN dimensions)",
    };

    static string TypeName(byte t) => t switch
    {
        0x08 => "unsigned bytes",
        0x09 => "signed bytes",
        0x0B => "16-bit integers",
        0x0C => "32-bit integers",
        0x0D => "32-bit floats",
        0x0E => "64-bit floats",
        _ => $"of unknown type 0x{t:X2}",
    };

    /// <summary>The shape in words, as messages use it: "10 images of 28x28", "10 labels", "shape 2x3x4x5".</summary>
    public static string Describe(ReadOnlySpan<int> dims) => dims.Length switch
    {
        1 => $"{dims[0].ToString(CultureInfo.InvariantCulture)} labels",
        3 => $"{dims[0].ToString(CultureInfo.InvariantCulture)} images of {dims[1].ToString(CultureInfo.InvariantCulture)}x{dims[2].ToString(CultureInfo.InvariantCulture)}",
        _ => $"shape {Shape.Format(dims)}",
    };

    public static void Write(Stream destination, ReadOnlySpan<int> dims)
    {
        Span<byte> header = stackalloc byte[Length(dims.Length)];
        BinaryPrimitives.WriteInt32BigEndian(header, UnsignedByteMagic(dims.Length));
        for (int i = 0; i < dims.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(header.Slice(4 + 4 * i), dims[i]);
        destination.Write(header);
    }
}
