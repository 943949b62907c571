using System.Diagnostics.CodeAnalysis;

namespace Edu.Sdk.Data;

/// <summary>
/// MNIST: 70,000 grey 28x28 images of handwritten digits, 60,000 for training and 10,000 for testing. The files are
/// searched in the folder given, else in <c>mnist</c> subfolders of EDU_DATA and of <c>./data</c>. Never in those
/// folders themselves: MNIST's file names are Fashion-MNIST's, and Fashion-MNIST may live there.
/// </summary>
public static class Mnist
{
    /// <summary>The class names, indexed by label: the digits "0" to "9".</summary>
    public static IReadOnlyList<string> Classes { get; } = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    internal static readonly IdxDataSetSpec Spec = new(
        Name: "MNIST",
        FolderName: "mnist",
        AcceptRootFolder: false,
        SystemDirectories: [], // Debian packages no MNIST
        Classes: Classes,
        HowToGet: $"Debian has no MNIST package; copy the four MNIST files (train-images-idx3-ubyte.gz and the others, raw or .gz) "
                + $"into an mnist folder inside {DataSearch.EnvironmentVariable} ($EDU_DATA/mnist) or inside ./data (./data/mnist).");

    /// <summary>Loads both splits from the first place that holds all four files.</summary>
    /// <exception cref="DataSetNotFoundException">No place searched holds the four files; the message lists them and how to get the data.</exception>
    /// <exception cref="IdxFormatException">A file is corrupt, or the files disagree.</exception>
    public static ImageDataSet Load() => Load(directory: null);

    /// <summary>Loads both splits from <paramref name="directory"/> (or its <c>mnist</c> subfolder); when null, searches as <see cref="Load()"/> does.</summary>
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
