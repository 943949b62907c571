namespace Edu.Sdk.Data;

/// <summary>What distinguishes one MNIST-style data set from another: the loading code is shared.</summary>
/// <param name="Name">As written in messages, e.g. <c>Fashion-MNIST</c>.</param>
/// <param name="FolderName">The folder looked for inside EDU_DATA and ./data, e.g. <c>fashion-mnist</c>.</param>
/// <param name="AcceptRootFolder">
/// Whether EDU_DATA and ./data may hold the files directly. Only one data set may say yes: MNIST and Fashion-MNIST
/// use the same file names, so two data sets reading the same folder would load one as the other without a word.
/// </param>
/// <param name="SystemDirectories">Folders installed by system packages, searched last.</param>
/// <param name="Classes">Class names, indexed by label.</param>
/// <param name="HowToGet">The advice ending the not-found message.</param>
internal sealed record IdxDataSetSpec(
    string Name,
    string FolderName,
    bool AcceptRootFolder,
    IReadOnlyList<string> SystemDirectories,
    IReadOnlyList<string> Classes,
    string HowToGet)
{
    public const string TrainImages = "train-images-idx3-ubyte";
    public const string TrainLabels = "train-labels-idx1-ubyte";
    public const string TestImages = "t10k-images-idx3-ubyte";
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    public static readonly string[] FileNames = [TrainImages, TrainLabels, TestImages, TestLabels];
}
