namespace Edu.Sdk.Tests.Data;

/// <summary>Writes the four files of a tiny MNIST-style data set: count tells the folders apart in search tests.</summary>
internal static class DataSetFolder
{
    public const int Rows = 2, Cols = 3;

    public static string Write(string folder, int trainCount, int testCount = 4, bool gzip = true)
    {
        Directory.CreateDirectory(folder);
        string ext = gzip ? ".gz" : "";
        WriteSplit(folder, "train", trainCount, ext);
        WriteSplit(folder, "t10k", testCount, ext);
        return folder;
    }

    static void WriteSplit(string folder, string prefix, int count, string ext)
    {
        byte[] images = IdxBytes.File(0x803, [count, Rows, Cols], IdxBytes.Pattern(count * Rows * Cols, seed: count));
        byte[] labels = IdxBytes.File(0x801, [count], Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray());
        Put(Path.Combine(folder, $"{prefix}-images-idx3-ubyte{ext}"), images);
        Put(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte{ext}"), labels);
    }

    public static void Put(string path, byte[] content) =>
        File.WriteAllBytes(path, path.EndsWith(".gz", StringComparison.Ordinal) ? IdxBytes.Gzip(content) : content);
}
