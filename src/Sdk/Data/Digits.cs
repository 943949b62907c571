using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>
/// Digits: 1,797 grey 8x8 images of handwritten digits 0 to 9, shipped inside Edu.Sdk.dll, so it loads with no
/// download and no file: the SDK's default small image data set (assignment A6 keeps three of its classes).
/// </summary>
/// <remarks>
/// Provenance: the test part of the UCI "Optical Recognition of Handwritten Digits" data set (E. Alpaydin and
/// C. Kaynak, 1998; UCI Machine Learning Repository, CC BY 4.0): 32x32 bitmaps of handwritten digits divided into
/// non-overlapping 4x4 blocks whose "on" pixels were counted, giving 8x8 images of values 0..16; this part holds the
/// digits of 13 writers.
/// Copied from the data folder of scikit-learn (BSD-3-Clause), as <c>load_digits</c> ships it. Class counts for
/// 0..9: 178, 182, 177, 183, 181, 182, 181, 179, 174, 180. See docs/data.md.
/// </remarks>
public static class Digits
{
    /// <summary>The number of images.</summary>
    public const int Count = 1797;

    /// <summary>The side of each square image, in pixels.</summary>
    public const int Side = 8;

    /// <summary>The largest pixel value (a count of black pixels in a 4x4 block).</summary>
    public const int MaxValue = 16;

    /// <summary>The class names, indexed by label: the digits "0" to "9".</summary>
    public static IReadOnlyList<string> Classes => Mnist.Classes;

    /// <summary>Loads the 1,797 images and their labels (a fresh copy each call: change it freely).</summary>
    /// <param name="scale">True (the default) divides each pixel by 16, giving values in [0, 1]; false keeps the raw counts 0..16.</param>
    public static DigitsDataSet Load(bool scale = true)
    {
        var table = EmbeddedSets.ReadCsv("digits.csv.gz", ScalarType.Float32);
        const int pixels = Side * Side;
        if (table.Rows != Count || table.Columns != pixels + 1)
            throw new InvalidOperationException($"Internal error: the embedded digits table is {table.Rows}x{table.Columns}, expected {Count}x{pixels + 1}.");
        var values = table.Values;
        var images = values.narrow(1, 0, pixels).contiguous().reshape(Count, Side, Side);
        var labels = values.narrow(1, pixels, 1).reshape(Count).to(ScalarType.Int64);
        if (scale) images = images.div_(MaxValue);
        return new DigitsDataSet(images, labels, scale);
    }
}
