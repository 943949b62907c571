using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>One split of an image data set: images and their class labels, in the same order.</summary>
/// <param name="Images">Float32, shape (count, rows, cols), pixels in [0, 1].</param>
/// <param name="Labels">Int64, shape (count), class indices into <see cref="ImageDataSet.Classes"/>.</param>
public sealed record ImageSplit(Tensor Images, Tensor Labels)
{
    /// <summary>The number of images (and labels).</summary>
    public long Count => Labels.size(0);

    /// <summary>A <see cref="Dataset"/> of these images and labels, to split, filter and batch.</summary>
    /// <param name="flatten">True (the default): features (count, rows·cols) for linear models and MLPs; false: (count, rows, cols).</param>
    /// <param name="classes">The class names, e.g. <see cref="ImageDataSet.Classes"/>.</param>
    public Dataset ToDataset(bool flatten = true, IReadOnlyList<string>? classes = null) =>
        new(flatten ? Images.reshape(Images.size(0), Images.size(1) * Images.size(2)) : Images, Labels, classes);

    /// <summary>E.g. <c>60000 images of 28x28</c>.</summary>
    public override string ToString() => $"{Count} images of {Images.size(1)}x{Images.size(2)}";
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
