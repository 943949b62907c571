using Edu.Sdk.Data;
using Xunit.Abstractions;

namespace Edu.Sdk.Tests.Data;

/// <summary>
/// The real Fashion-MNIST from Debian's dataset-fashion-mnist package. Where the package is installed this test
/// must pass; where it is not, the test returns early and says why in its output.
/// </summary>
public class FashionMnistDebianTests(ITestOutputHelper output)
{
    [Fact]
    public void The_Debian_files_load_with_the_published_counts_and_labels()
    {
        // Only the system folder, so EDU_DATA or a ./data folder on the test machine cannot stand in for it.
        var search = new DataSearch(null, null, Path.GetTempPath(), [FashionMnist.SystemDirectory]);
        if (!FashionMnist.TryLocate(search, out _))
        {
            output.WriteLine($"Not checked: the four Fashion-MNIST files are not in {FashionMnist.SystemDirectory}. "
                           + "Install them with: sudo apt-get install dataset-fashion-mnist");
            return;
        }

        var data = FashionMnist.Load(search);

        Assert.Equal([60000L, 28, 28], data.Train.Images.shape);
        Assert.Equal([60000L], data.Train.Labels.shape);
        Assert.Equal([10000L, 28, 28], data.Test.Images.shape);
        Assert.Equal([10000L], data.Test.Labels.shape);
        Assert.Equal(ScalarType.Float32, data.Train.Images.dtype);
        Assert.Equal(ScalarType.Int64, data.Test.Labels.dtype);

        // The first training image of Fashion-MNIST is an ankle boot.
        var trainLabels = data.Train.Labels.data<long>();
        Assert.Equal(9L, trainLabels[0]);
        Assert.Equal("Ankle boot", data.Classes[(int)trainLabels[0]]);

        // Both splits are balanced: 6000 and 1000 images per class.
        Assert.All(Histogram(trainLabels), n => Assert.Equal(6000, n));
        Assert.All(Histogram(data.Test.Labels.data<long>()), n => Assert.Equal(1000, n));

        var pixels = data.Train.Images.data<float>();
        float min = float.MaxValue, max = float.MinValue;
        foreach (float p in pixels) { min = Math.Min(min, p); max = Math.Max(max, p); }
        Assert.Equal(0f, min);
        Assert.Equal(1f, max);
        output.WriteLine(data.ToString());
    }

    static int[] Histogram(ReadOnlySpan<long> labels)
    {
        var counts = new int[10];
        foreach (long l in labels) counts[l]++;
        return counts;
    }
}
