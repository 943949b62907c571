using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>
/// Reads and writes IDX files, the format of MNIST and Fashion-MNIST: a big-endian header (magic number, then one
/// size per dimension) followed by the elements as unsigned bytes. Files may be gzip-compressed; compression is
/// detected from the content, not the name. A corrupt file is refused with an <see cref="IdxFormatException"/>
/// naming the file and the fault.
/// </summary>
public static class Idx
{
    /// <summary>Magic number of an image file: unsigned bytes, 3 dimensions (count, rows, cols).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a label file: unsigned bytes, 1 dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an image file as a Float32 tensor of shape (count, rows, cols).</summary>
    /// <param name="path">The file, raw or gzip-compressed.</param>
    /// <param name="scale">True (the default) divides each pixel by 255, giving values in [0, 1]; false keeps 0..255.</param>
    /// <exception cref="IdxFormatException">The file is not an image IDX file, or is truncated or inconsistent.</exception>
    public static Tensor ReadImages(string path, bool scale = true) => IdxReader.ReadFloat32(path, ImagesMagic, scale);

    /// <summary>Reads a label file as an Int64 tensor of shape (count).</summary>
    /// <param name="path">The file, raw or gzip-compressed.</param>
    /// <exception cref="IdxFormatException">The file is not a label IDX file, or is truncated or inconsistent.</exception>
    public static Tensor ReadLabels(string path) => ReadLabelBytes(path).ToInt64();

    /// <summary>Reads an image file (magic <c>0x00000803</c>) as raw bytes, shape (count, rows, cols).</summary>
    /// <exception cref="IdxFormatException">The file is not an image IDX file, or is truncated or inconsistent.</exception>
    public static IdxArray ReadImageBytes(string path) => IdxReader.ReadBytes(path, ImagesMagic);

    /// <summary>Reads a label file (magic <c>0x00000801</c>) as raw bytes, shape (count).</summary>
    /// <exception cref="IdxFormatException">The file is not a label IDX file, or is truncated or inconsistent.</exception>
    public static IdxArray ReadLabelBytes(string path) => IdxReader.ReadBytes(path, LabelsMagic);

    /// <summary>Reads any unsigned-byte IDX file, whatever its number of dimensions, as raw bytes.</summary>
    /// <exception cref="IdxFormatException">The file is not an unsigned-byte IDX file, or is truncated or inconsistent.</exception>
    public static IdxArray Read(string path) => IdxReader.ReadBytes(path, expectedMagic: null);

    /// <summary>Writes <paramref name="array"/> as an IDX file, atomically (a temporary file renamed over the target).</summary>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="array">The bytes and shape to write.</param>
    /// <param name="gzip">Compress with gzip; when null, compress exactly when <paramref name="path"/> ends in <c>.gz</c>.</param>
    public static void Write(string path, IdxArray array, bool? gzip = null)
    {
        ArgumentNullException.ThrowIfNull(array);
        IdxWriter.Write(path, array.Dims, array.Buffer, gzip);
    }

    /// <summary>Writes a 3-d tensor (count, rows, cols) as an image IDX file, atomically.</summary>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="images">Float32 or Float64 pixels (rounded to the nearest byte), or Int64 pixels 0..255.</param>
    /// <param name="scaled">For floating images: true (the default) when pixels are in [0, 1] (multiplied by 255), false when they are 0..255.</param>
    /// <param name="gzip">Compress with gzip; when null, compress exactly when <paramref name="path"/> ends in <c>.gz</c>.</param>
    /// <exception cref="ArgumentException">The tensor is not 3-d, or a pixel has no byte value (out of range or NaN).</exception>
    public static void WriteImages(string path, Tensor images, bool scaled = true, bool? gzip = null)
    {
        byte[] bytes = IdxEncoding.Images(nameof(WriteImages), images, scaled);
        IdxWriter.Write(path, images.Dims, bytes, gzip);
    }

    /// <summary>Writes a 1-d Int64 tensor of labels 0..255 as a label IDX file, atomically.</summary>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="labels">The labels, Int64, shape (count).</param>
    /// <param name="gzip">Compress with gzip; when null, compress exactly when <paramref name="path"/> ends in <c>.gz</c>.</param>
    /// <exception cref="ArgumentException">The tensor is not 1-d Int64, or a label is outside 0..255.</exception>
    public static void WriteLabels(string path, Tensor labels, bool? gzip = null)
    {
        byte[] bytes = IdxEncoding.Labels(nameof(WriteLabels), labels);
        IdxWriter.Write(path, labels.Dims, bytes, gzip);
    }
}
