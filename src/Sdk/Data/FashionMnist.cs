using System.Diagnostics.CodeAnalysis;

namespace Edu.Sdk.Data;

/// <summary>
/// Fashion-MNIST (Zalando): 70,000 grey 28x28 images of clothing in 10 classes, 60,000 for training and 10,000 for
/// testing. The files are searched in the folder given, else in EDU_DATA (the folder itself or its
/// <c>fashion-mnist</c> subfolder), then <c>./data/fashion-mnist</c> and <c>./data</c>, then
/// <see cref="SystemDirectory"/>, where Debian's <c>dataset-fashion-mnist</c> package installs them.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the four files.</summary>
    public const string SystemDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The class names, indexed by label: 0 is "T-shirt/top", 9 is "Ankle boot".</summary>
    public static IReadOnlyList<string> Classes { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    internal static readonly IdxDataSetSpec Spec = new(
        Name: "Fashion-MNIST",
        FolderName: "fashion-mnist",
        AcceptRootFolder: true,
        SystemDirectories: [SystemDirectory],
        Classes: Classes,
        HowToGet: $"sudo apt-get install dataset-fashion-mnist (installs the files in {SystemDirectory}), "
                + $"or set {DataSearch.EnvironmentVariable} to a folder holding the four files (directly or in a fashion-mnist subfolder), "
                + "or copy them into ./data/fashion-mnist.");

    /// <summary>Loads both splits from the first place that holds all four files.</summary>
    /// <exception cref="DataSetNotFoundException">No place searched holds the four files; the message lists them and how to get the data.</exception>
    /// <exception cref="IdxFormatException">A file is corrupt, or the files disagree.</exception>
    public static ImageDataSet Load() => Load(directory: null);

    /// <summary>Loads both splits from <paramref name="directory"/> (or its <c>fashion-mnist</c> subfolder); when null, searches as <see cref="Load()"/> does.</summary>
    /// <exception cref="DataSetNotFoundException">The files are not there; the message lists where it looked and how to get the data.</exception>
    /// <exception cref="IdxFormatException">A file is corrupt, or the files disagree.</exception>
    public static ImageDataSet Load(string? directory) => Load(DataSearch.FromEnvironment(directory));

    /// <summary>True when the four files are found, so a sample can fall back to another data set instead of failing.</summary>
    public static bool IsAvailable() => TryLocate(out _);

    /// <summary>Finds the four files without reading them.</summary>
    /// <param name="files">Where they are, when found.</param>
    /// <returns>True when all four files were found in one place.</returns>
    public static bool TryLocate([NotNullWhen(true)] out DataSetFiles? files) =>
        TryLocate(DataSearch.FromEnvironment(null), out files);

    internal static ImageDataSet Load(DataSearch search) => IdxDataSet.Load(Spec, search);

    internal static bool TryLocate(DataSearch search, [NotNullWhen(true)] out DataSetFiles? files) =>
        IdxDataSet.TryLocate(Spec, search, out files);
}
