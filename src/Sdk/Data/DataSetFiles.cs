namespace Edu.Sdk.Data;

/// <summary>Where the four IDX files of an MNIST-style data set were found (each path raw or <c>.gz</c>).</summary>
/// <param name="Directory">The folder holding the four files.</param>
/// <param name="TrainImages">The training images file.</param>
/// <param name="TrainLabels">The training labels file.</param>
/// <param name="TestImages">The test images file.</param>
/// <param name="TestLabels">The test labels file.</param>
public sealed record DataSetFiles(string Directory, string TrainImages, string TrainLabels, string TestImages, string TestLabels);
