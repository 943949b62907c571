using Edu.Sdk.Tensors;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>One split of an image data set: images and their class labels, in the same order.</summary>
/// <remarks>
/// A split loaded from IDX files (<see cref="FashionMnist"/>, <see cref="Mnist"/>) keeps the file's bytes and makes
/// the Float32 <see cref="Images"/> tensor the first time it is read. <see cref="ToDataset"/> before that gives a
/// data set whose batches are converted from the bytes as they are copied (a quarter of the memory traffic), with
/// exactly the same values. Once anyone reads the floats (<see cref="Images"/>, or the features of a data set made
/// from this split), they are the data for all of them, so a change made to them in place shows in every batch.
/// </remarks>
public sealed record ImageSplit
{
    readonly PixelRows? _pixels;
    readonly Tensor? _images;
    readonly Tensor _labels;

    /// <summary>A split of <paramref name="Images"/> and <paramref name="Labels"/> (not copied).</summary>
    /// <param name="Images">Float32, shape (count, rows, cols), pixels in [0, 1].</param>
    /// <param name="Labels">Int64, shape (count), class indices into <see cref="ImageDataSet.Classes"/>.</param>
    public ImageSplit(Tensor Images, Tensor Labels)
    {
        ArgumentNullException.ThrowIfNull(Images);
        ArgumentNullException.ThrowIfNull(Labels);
        _images = Images;
        _labels = Labels;
    }

    /// <summary>A split whose images stay bytes until <see cref="Images"/> is read.</summary>
    internal ImageSplit(PixelRows pixels, Tensor labels)
    {
        _pixels = pixels;
        _labels = labels;
    }

    /// <summary>Float32, shape (count, rows, cols), pixels in [0, 1].</summary>
    public Tensor Images
    {
        get => _images ?? _pixels!.Floats();
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Images));
            (_images, _pixels) = (value, null);
        }
    }

    /// <summary>Int64, shape (count), class indices into <see cref="ImageDataSet.Classes"/>.</summary>
    public Tensor Labels
    {
        get => _labels;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Labels));
            _labels = value;
        }
    }

    /// <summary>The number of images (and labels).</summary>
    public long Count => Labels.size(0);

    /// <summary><c>var (images, labels) = split;</c></summary>
    public void Deconstruct(out Tensor Images, out Tensor Labels) => (Images, Labels) = (this.Images, this.Labels);

    /// <summary>A <see cref="Dataset"/> of these images and labels, to split, filter and batch.</summary>
    /// <param name="flatten">True (the default): features (count, rows·cols) for linear models and MLPs, every dimension after the count in one; false: the images' own shape, e.g. (count, rows, cols).</param>
    /// <param name="classes">The class names, e.g. <see cref="ImageDataSet.Classes"/>.</param>
    public Dataset ToDataset(bool flatten = true, IReadOnlyList<string>? classes = null)
    {
        if (_pixels is not null)
            return new Dataset(_pixels, flatten ? [_pixels.Count, _pixels.RowLength] : _pixels.Dims, Labels, classes);
        // Every dimension after the count into one, as the bytes' rows are (PixelRows.RowLength): (n, 28, 28) and
        // (n, 1, 28, 28) give (n, 784), and images already flat stay as they are.
        var images = Images;
        return new(flatten ? images.reshape(images.size(0), Shape.Numel(images.Dims[1..])) : images, Labels, classes);
    }

    /// <summary>E.g. <c>60000 images of 28x28</c>.</summary>
    public override string ToString() => $"{Count} images of {string.Join("x", ImageDims.Skip(1))}";

    /// <summary>The images' shape, (count, rows, cols), without making the float tensor.</summary>
    internal int[] ImageDims => _images?.Dims.ToArray() ?? _pixels!.Dims;
}

/// <summary>An image classification data set with a training and a test split, as loaded by <see cref="FashionMnist"/> or <see cref="Mnist"/>.</summary>
/// <param name="Name">The data set, e.g. <c>Fashion-MNIST</c>.</param>
/// <param name="Train">The training split (take a validation split out of it; keep the test split for the end).</param>
/// <param name="Test">The test split.</param>
/// <param name="Classes">The class names, indexed by label.</param>
/// <param name="Files">Where the files were read from.</param>
public sealed record ImageDataSet(string Name, ImageSplit Train, ImageSplit Test, IReadOnlyList<string> Classes, DataSetFiles Files)
{
    /// <summary>E.g. <c>Fashion-MNIST: train 60000 images of 28x28, test 10000 images of 28x28, 10 classes, from /usr/share/datasets/fashion-mnist</c>.</summary>
    public override string ToString() => $"{Name}: train {Train}, test {Test}, {Classes.Count} classes, from {Files.Directory}";
}
