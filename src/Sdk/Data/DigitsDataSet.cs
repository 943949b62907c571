using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>The digits images and labels returned by <see cref="Digits.Load"/>.</summary>
/// <param name="Images">Float32, shape (1797, 8, 8): in [0, 1] when <paramref name="Scaled"/>, else counts 0..16.</param>
/// <param name="Labels">Int64, shape (1797), the digit 0..9 (also an index into <see cref="Classes"/>).</param>
/// <param name="Scaled">True when the pixels were divided by 16.</param>
public sealed record DigitsDataSet(Tensor Images, Tensor Labels, bool Scaled)
{
    /// <summary>The images flattened to rows of 64 pixels, shape (1797, 64): a view sharing <see cref="Images"/>' storage.</summary>
    public Tensor Flat => Images.reshape(Images.size(0), Digits.Side * Digits.Side);

    /// <summary>The number of images.</summary>
    public int Count => (int)Labels.size(0);

    /// <summary>The class names, indexed by label: "0" to "9".</summary>
    public IReadOnlyList<string> Classes => Digits.Classes;

    /// <summary>A <see cref="Dataset"/> of the images and labels, to split, filter and batch.</summary>
    /// <param name="flatten">True (the default): features (n, 64) for linear models and MLPs; false: (n, 8, 8).</param>
    public Dataset ToDataset(bool flatten = true) => new(flatten ? Flat : Images, Labels, Classes);

    /// <summary>E.g. <c>Digits: 1797 images of 8x8, 10 classes, pixels in [0, 1]</c>.</summary>
    public override string ToString() =>
        $"Digits: {Count} images of {Digits.Side}x{Digits.Side}, {Classes.Count} classes, pixels {(Scaled ? "in [0, 1]" : "0..16")}";
}
