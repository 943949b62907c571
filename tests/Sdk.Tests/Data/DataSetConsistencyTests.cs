using Edu.Sdk.Data;

namespace Edu.Sdk.Tests.Data;

/// <summary>What no single file can check: the four files agree with each other and with the data set.</summary>
public class DataSetConsistencyTests
{
    [Fact]
    public void Label_count_differing_from_image_count_names_both_files_and_counts()
    {
        using var root = new TempDir();
        string folder = DataSetFolder.Write(root.Sub("d"), trainCount: 5);
        string labels = Path.Combine(folder, "train-labels-idx1-ubyte.gz");
        string images = Path.Combine(folder, "train-images-idx3-ubyte.gz");
        DataSetFolder.Put(labels, IdxBytes.File(0x801, [4], [1, 2, 3, 4]));

        var e = Assert.Throws<IdxFormatException>(() => FashionMnist.Load(new DataSearch(folder, null, root.Path, [])));

        Assert.Equal(labels, e.FilePath);
        Assert.Contains("train split", e.Message);
        Assert.Contains("label count differs from image count", e.Message);
        Assert.Contains($"{labels} holds 4 labels but {images} holds 5 images", e.Message);
    }

    [Fact]
    public void A_label_that_is_not_a_class_is_refused_with_its_index()
    {
        using var root = new TempDir();
        string folder = DataSetFolder.Write(root.Sub("d"), trainCount: 5, testCount: 3);
        string labels = Path.Combine(folder, "t10k-labels-idx1-ubyte.gz");
        DataSetFolder.Put(labels, IdxBytes.File(0x801, [3], [0, 9, 10]));

        var e = Assert.Throws<IdxFormatException>(() => FashionMnist.Load(new DataSearch(folder, null, root.Path, [])));

        Assert.Equal(labels, e.FilePath);
        Assert.Contains($"{labels}: label 10 at index 2 is not a class of Fashion-MNIST, whose labels are 0..9", e.Message);
    }

    [Fact]
    public void Train_and_test_images_of_different_sizes_are_refused()
    {
        using var root = new TempDir();
        string folder = DataSetFolder.Write(root.Sub("d"), trainCount: 5, testCount: 2);
        string testImages = Path.Combine(folder, "t10k-images-idx3-ubyte.gz");
        DataSetFolder.Put(testImages, IdxBytes.File(0x803, [2, 3, 3], new byte[18]));

        var e = Assert.Throws<IdxFormatException>(() => FashionMnist.Load(new DataSearch(folder, null, root.Path, [])));

        Assert.Contains($"test images in {testImages} are 3x3", e.Message);
        Assert.Contains("training images in", e.Message);
        Assert.Contains("are 2x3", e.Message);
    }

    [Fact]
    public void A_corrupt_file_in_a_data_set_is_reported_by_its_own_name()
    {
        using var root = new TempDir();
        string folder = DataSetFolder.Write(root.Sub("d"), trainCount: 5);
        string images = Path.Combine(folder, "train-images-idx3-ubyte.gz");
        DataSetFolder.Put(images, IdxBytes.File(0x801, [5], new byte[5]));

        var e = Assert.Throws<IdxFormatException>(() => FashionMnist.Load(new DataSearch(folder, null, root.Path, [])));

        Assert.Equal(images, e.FilePath);
        Assert.Contains("found 0x00000801, expected 0x00000803", e.Message);
    }
}
