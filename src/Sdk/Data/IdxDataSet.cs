using System.Diagnostics.CodeAnalysis;

namespace Edu.Sdk.Data;

/// <summary>
/// Locates and loads an MNIST-style data set (four IDX files) described by an <see cref="IdxDataSetSpec"/>,
/// checking what each file cannot check alone: images and labels agree in count, train and test images in size,
/// and every label names a class.
/// </summary>
internal static class IdxDataSet
{
    public static bool TryLocate(IdxDataSetSpec spec, DataSearch search, [NotNullWhen(true)] out DataSetFiles? files) =>
        DataSetLocator.TryLocate(spec, search, out files, out _);

    public static ImageDataSet Load(IdxDataSetSpec spec, DataSearch search) => Load(spec, DataSetLocator.Locate(spec, search));

    public static ImageDataSet Load(IdxDataSetSpec spec, DataSetFiles files)
    {
        var train = LoadSplit(spec, "train", files.TrainImages, files.TrainLabels);
        var test = LoadSplit(spec, "test", files.TestImages, files.TestLabels);
        var (trainDims, testDims) = (train.ImageDims, test.ImageDims);
        if (trainDims[1] != testDims[1] || trainDims[2] != testDims[2])
            throw new IdxFormatException(files.TestImages,
                $"{spec.Name}: the test images in {files.TestImages} are {testDims[1]}x{testDims[2]} but the training images in {files.TrainImages} are {trainDims[1]}x{trainDims[2]}; both splits must come from the same data set.");
        return new ImageDataSet(spec.Name, train, test, spec.Classes, files);
    }

    static ImageSplit LoadSplit(IdxDataSetSpec spec, string split, string imagesPath, string labelsPath)
    {
        var images = Idx.ReadImageBytes(imagesPath);
        var labels = Idx.ReadLabelBytes(labelsPath);
        if (labels.Count != images.Count)
            throw new IdxFormatException(labelsPath,
                $"{spec.Name} {split} split: label count differs from image count: {labelsPath} holds {labels.Count} labels but {imagesPath} holds {images.Count} images. One of the files is damaged or belongs to another data set; copy or download both again.");

        var raw = labels.Data.Span;
        int bad = raw.IndexOfAnyExceptInRange((byte)0, (byte)(spec.Classes.Count - 1));
        if (bad >= 0)
            throw new IdxFormatException(labelsPath,
                $"{labelsPath}: label {raw[bad]} at index {bad} is not a class of {spec.Name}, whose labels are 0..{spec.Classes.Count - 1}. The file is damaged or belongs to another data set; copy or download it again.");
        return new ImageSplit(new PixelRows(images.Buffer, images.Dims), labels.ToInt64());
    }
}
