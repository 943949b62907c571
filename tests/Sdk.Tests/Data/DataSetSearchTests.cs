using Edu.Sdk.Data;

namespace Edu.Sdk.Tests.Data;

/// <summary>
/// Search order and messages, with temp folders standing for EDU_DATA, the current folder and the system folder.
/// The environment is passed in (never set on the process), so these tests run in parallel with others.
/// </summary>
public class DataSetSearchTests
{
    [Fact]
    public void EDU_DATA_comes_first_then_dot_data_then_the_system_folder()
    {
        using var root = new TempDir();
        string eduData = DataSetFolder.Write(Path.Combine(root.Path, "edu"), trainCount: 5);
        string cwd = root.Sub("cwd");
        string dotData = DataSetFolder.Write(Path.Combine(cwd, "data", "fashion-mnist"), trainCount: 6);
        string system = DataSetFolder.Write(Path.Combine(root.Path, "usr-share"), trainCount: 7);

        var first = FashionMnist.Load(new DataSearch(null, eduData, cwd, [system]));
        Assert.Equal(5, first.Train.Count);
        Assert.Equal(eduData, first.Files.Directory);

        var second = FashionMnist.Load(new DataSearch(null, null, cwd, [system]));
        Assert.Equal(6, second.Train.Count);
        Assert.Equal(dotData, second.Files.Directory);

        Directory.Delete(dotData, recursive: true);
        var third = FashionMnist.Load(new DataSearch(null, "", cwd, [system]));
        Assert.Equal(7, third.Train.Count);
        Assert.Equal(system, third.Files.Directory);
    }

    [Fact]
    public void A_fashion_mnist_subfolder_of_EDU_DATA_or_dot_data_is_preferred_to_the_folder_itself()
    {
        using var root = new TempDir();
        string eduData = DataSetFolder.Write(Path.Combine(root.Path, "edu"), trainCount: 5);
        DataSetFolder.Write(Path.Combine(eduData, "fashion-mnist"), trainCount: 8);
        string cwd = root.Sub("cwd");
        DataSetFolder.Write(Path.Combine(cwd, "data"), trainCount: 9);

        Assert.Equal(8, FashionMnist.Load(new DataSearch(null, eduData, cwd, [])).Train.Count);
        Assert.Equal(9, FashionMnist.Load(new DataSearch(null, null, cwd, [])).Train.Count);
    }

    [Fact]
    public void A_relative_EDU_DATA_is_relative_to_the_current_folder()
    {
        using var root = new TempDir();
        DataSetFolder.Write(Path.Combine(root.Path, "datasets"), trainCount: 3);

        Assert.Equal(3, FashionMnist.Load(new DataSearch(null, "datasets", root.Path, [])).Train.Count);
    }

    [Fact]
    public void A_folder_given_is_the_only_place_searched()
    {
        using var root = new TempDir();
        string eduData = DataSetFolder.Write(Path.Combine(root.Path, "edu"), trainCount: 5);
        string given = DataSetFolder.Write(Path.Combine(root.Path, "mine"), trainCount: 4);
        string empty = root.Sub("empty");

        Assert.Equal(4, FashionMnist.Load(new DataSearch(given, eduData, root.Path, [])).Train.Count);

        var e = Assert.Throws<DataSetNotFoundException>(() => FashionMnist.Load(new DataSearch(empty, eduData, root.Path, [])));
        Assert.Contains($"the folder given, {empty}: none of the files", e.Message);
        Assert.DoesNotContain(eduData + " ", e.Message);
        Assert.Equal(2, e.Searched.Count);
    }

    [Fact]
    public void Raw_and_gz_names_are_both_accepted_even_mixed()
    {
        using var root = new TempDir();
        string folder = DataSetFolder.Write(root.Sub("raw"), trainCount: 5, gzip: false);
        File.Move(Path.Combine(folder, "t10k-labels-idx1-ubyte"), Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"));
        DataSetFolder.Put(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), IdxBytes.File(0x801, [4], [0, 1, 2, 3]));

        Assert.True(FashionMnist.TryLocate(new DataSearch(folder, null, root.Path, []), out var files));
        Assert.EndsWith("train-images-idx3-ubyte", files.TrainImages);
        Assert.EndsWith("t10k-labels-idx1-ubyte.gz", files.TestLabels);
        var data = FashionMnist.Load(new DataSearch(folder, null, root.Path, []));
        Assert.Equal([0L, 1, 2, 3], data.Test.Labels.data<long>().ToArray());
    }

    [Fact]
    public void Loaded_splits_have_the_expected_shapes_dtypes_and_classes()
    {
        using var root = new TempDir();
        string folder = DataSetFolder.Write(root.Sub("d"), trainCount: 12, testCount: 4);

        var data = FashionMnist.Load(new DataSearch(folder, null, root.Path, []));

        Assert.Equal("Fashion-MNIST", data.Name);
        Assert.Equal([12L, DataSetFolder.Rows, DataSetFolder.Cols], data.Train.Images.shape);
        Assert.Equal([4L, DataSetFolder.Rows, DataSetFolder.Cols], data.Test.Images.shape);
        Assert.Equal(ScalarType.Float32, data.Train.Images.dtype);
        Assert.Equal(ScalarType.Int64, data.Train.Labels.dtype);
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1], data.Train.Labels.data<long>().ToArray());
        Assert.Equal(FashionMnist.Classes, data.Classes);
        Assert.Contains("train 12 images of 2x3", data.ToString());
    }

    [Fact]
    public void Not_found_lists_every_place_in_order_and_how_to_get_the_data()
    {
        using var root = new TempDir();
        string eduData = root.Sub("edu");
        string cwd = root.Sub("cwd");
        string system = Path.Combine(root.Path, "no-such-system-folder");
        string partial = root.Sub("cwd", "data", "fashion-mnist");
        DataSetFolder.Put(Path.Combine(partial, "train-images-idx3-ubyte.gz"), IdxBytes.File(0x803, [1, 1, 1], [0]));

        var e = Assert.Throws<DataSetNotFoundException>(() => FashionMnist.Load(new DataSearch(null, eduData, cwd, [system])));

        Assert.Equal("Fashion-MNIST", e.DataSetName);
        Assert.Equal(
        [
            $"EDU_DATA/fashion-mnist ({Path.Combine(eduData, "fashion-mnist")}): no such folder",
            $"EDU_DATA ({eduData}): none of the files",
            $"./data/fashion-mnist ({partial}): has train-images-idx3-ubyte.gz but is missing train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]",
            $"./data ({Path.Combine(cwd, "data")}): none of the files",
            $"{system}: no such folder",
        ], e.Searched);
        foreach (var place in e.Searched) Assert.Contains(place, e.Message);
        Assert.Contains("sudo apt-get install dataset-fashion-mnist", e.Message);
        Assert.Contains("set EDU_DATA to a folder holding the four files", e.Message);
    }

    [Fact]
    public void Not_found_says_when_EDU_DATA_is_not_set()
    {
        using var root = new TempDir();

        Assert.False(FashionMnist.TryLocate(new DataSearch(null, null, root.Path, []), out var files));
        Assert.Null(files);
        var e = Assert.Throws<DataSetNotFoundException>(() => FashionMnist.Load(new DataSearch(null, null, root.Path, [])));
        Assert.Equal("EDU_DATA: not set", e.Searched[0]);
    }

    [Fact]
    public void Mnist_looks_only_in_mnist_subfolders_so_it_never_loads_fashion_mnist()
    {
        using var root = new TempDir();
        string eduData = DataSetFolder.Write(Path.Combine(root.Path, "edu"), trainCount: 5);
        string cwd = DataSetFolder.Write(root.Sub("cwd", "data"), trainCount: 6);

        var e = Assert.Throws<DataSetNotFoundException>(() => Mnist.Load(new DataSearch(null, eduData, Path.GetDirectoryName(cwd)!, null)));
        Assert.Equal(2, e.Searched.Count);
        Assert.Contains("Debian has no MNIST package", e.Message);
        Assert.Contains("./data/mnist", e.Message);

        DataSetFolder.Write(Path.Combine(eduData, "mnist"), trainCount: 11);
        var mnist = Mnist.Load(new DataSearch(null, eduData, root.Path, null));
        Assert.Equal(11, mnist.Train.Count);
        Assert.Equal("MNIST", mnist.Name);
        Assert.Equal("7", mnist.Classes[7]);
    }

    [Fact]
    public void Fashion_mnist_class_names_follow_the_label_order()
    {
        Assert.Equal(10, FashionMnist.Classes.Count);
        Assert.Equal("T-shirt/top", FashionMnist.Classes[0]);
        Assert.Equal("Trouser", FashionMnist.Classes[1]);
        Assert.Equal("Ankle boot", FashionMnist.Classes[9]);
    }
}
