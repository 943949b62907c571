using Edu.Sdk.Data;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Data;

/// <summary>
/// Loaded images stay the file's bytes until their float tensor is read: a data set made from them batches the same
/// float values as one made from the float tensor, keeps the bytes through subsets and relabelling, and once its
/// features are read, they are the data (a change made to them in place shows in the batches).
/// </summary>
public class ImageBytesDatasetTests
{
    const int Train = 37, Pixels = DataSetFolder.Rows * DataSetFolder.Cols;

    static ImageDataSet Load(TempDir dir) => Mnist.Load(DataSetFolder.Write(dir.File("mnist"), Train, gzip: false));

    /// <summary>The bytes the folder holds, as floats: what every path must give.</summary>
    static float[] Expected() => IdxBytes.Pattern(Train * Pixels, seed: Train).Select(b => b / 255f).ToArray();

    static List<(float[] X, long[] Y)> Epochs(Dataset data, int batch, int epochs)
    {
        var loader = data.Batches(batch, shuffle: true, seed: 3);
        var seen = new List<(float[], long[])>();
        for (int e = 0; e < epochs; e++)
            foreach (var (x, y) in loader) seen.Add((x.data<float>().ToArray(), y.data<long>().ToArray()));
        return seen;
    }

    [Fact]
    public void Images_read_from_a_loaded_split_are_the_bytes_over_255()
    {
        using var dir = new TempDir();
        var split = Load(dir).Train;

        Assert.Equal("37 images of 2x3", split.ToString());
        Assert.Equal([Train, DataSetFolder.Rows, DataSetFolder.Cols], split.Images.shape);
        Assert.Equal(Expected(), split.Images.data<float>().ToArray());
        Assert.Same(split.Images, split.Images);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(37)]
    [InlineData(1)]
    public void Batches_from_bytes_equal_batches_from_the_float_tensor(int batch)
    {
        using var dir = new TempDir();
        var fromBytes = Load(dir).Train.ToDataset();
        var split = Load(dir).Train;
        var fromFloats = new Dataset(split.Images.reshape(Train, Pixels), split.Labels);
        Assert.NotNull(fromBytes.Pixels);
        Assert.Null(fromFloats.Pixels);

        var a = Epochs(fromBytes, batch, 3);
        var b = Epochs(fromFloats, batch, 3);

        Assert.Equal(b.Count, a.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(b[i].X, a[i].X);
            Assert.Equal(b[i].Y, a[i].Y);
        }
        Assert.NotNull(fromBytes.Pixels);   // batching never made the float tensor
    }

    [Fact]
    public void Subsets_splits_filters_and_relabelling_keep_the_bytes_and_the_values()
    {
        using var dir = new TempDir();
        var data = Load(dir).Train.ToDataset();
        var floats = Expected();

        var (train, validation) = data.Split(0.75, seed: 2);
        var perm = randperm(Train, new Generator(2)).data<long>().ToArray();
        var filtered = data.WhereClass(1, 4).Relabel().OneHot();

        foreach (var part in new[] { train, validation, filtered }) Assert.NotNull(part.Pixels);
        Assert.Equal(28, train.Count);
        Assert.Equal(perm.Take(28).SelectMany(r => floats.Skip((int)r * Pixels).Take(Pixels)), train.Features.data<float>().ToArray());
        Assert.Equal(perm.Skip(28).SelectMany(r => floats.Skip((int)r * Pixels).Take(Pixels)), validation.Features.data<float>().ToArray());
        long[] kept = [.. Enumerable.Range(0, Train).Where(i => i % 10 is 1 or 4).Select(i => (long)i)];
        Assert.Equal(kept.SelectMany(r => floats.Skip((int)r * Pixels).Take(Pixels)), filtered.Features.data<float>().ToArray());
        Assert.Equal([kept.Length, 2L], filtered.Targets.shape);
        Assert.Equal("Dataset of 28 rows: features (6) Float32, targets Int64", train.ToString());
        Assert.Equal([6L], train.FeatureShape);
        var images = Load(dir).Train.ToDataset(flatten: false);
        Assert.Equal([DataSetFolder.Rows, (long)DataSetFolder.Cols], images.FeatureShape);
        Assert.NotNull(images.Pixels);   // asking for the shape made no float tensor
    }

    [Fact]
    public void A_split_of_float_images_flattens_like_a_split_of_bytes_whatever_the_rank()
    {
        // Float images flattened only dims 1 and 2: a channel dimension or flat images threw (found by a review).
        var labels = zeros(new long[] { 4 }, ScalarType.Int64);
        var fromBytes = new ImageSplit(new PixelRows(new byte[24], [4, 1, 2, 3]), labels);
        var fromFloats = new ImageSplit(arange(24).to(ScalarType.Float32).reshape(4, 1, 2, 3), labels);
        var flat = new ImageSplit(zeros(4, 6), labels);

        Assert.Equal([4L, 6], fromBytes.ToDataset().Features.shape);
        Assert.Equal([4L, 6], fromFloats.ToDataset().Features.shape);
        Assert.Equal([4L, 6], flat.ToDataset().Features.shape);
        Assert.Equal(Enumerable.Range(6, 6).Select(i => (float)i), fromFloats.ToDataset().Features[1].data<float>().ToArray());
        Assert.Equal([4L, 1, 2, 3], fromFloats.ToDataset(flatten: false).Features.shape);
    }

    [Fact]
    public void Unflattened_images_keep_their_shape_in_batches()
    {
        using var dir = new TempDir();
        var data = Load(dir).Train.ToDataset(flatten: false);

        var (x, _) = data.Batches(4, shuffle: false).First();

        Assert.Equal([4L, DataSetFolder.Rows, DataSetFolder.Cols], x.shape);
        Assert.Equal(Expected().Take(4 * Pixels), x.data<float>().ToArray());
    }

    [Fact]
    public void Once_features_are_read_a_change_made_to_them_in_place_shows_in_the_batches()
    {
        using var dir = new TempDir();
        var data = Load(dir).Train.ToDataset();
        var loader = data.Batches(Train, shuffle: false);
        Assert.Equal(Expected(), loader.First().Features.data<float>().ToArray());

        data.Features.mul_(2f);

        Assert.Null(data.Pixels);
        Assert.Equal(Expected().Select(v => v * 2f), loader.First().Features.data<float>().ToArray());
    }

    [Fact]
    public void A_split_whose_images_were_read_first_makes_its_data_set_from_them()
    {
        using var dir = new TempDir();
        var split = Load(dir).Train;
        split.Images.add_(1f);

        var data = split.ToDataset();

        Assert.Null(data.Pixels);
        Assert.Equal(Expected().Select(v => v + 1f), data.Features.data<float>().ToArray());
    }

    static float Sum(Tensor t) => t.data<float>().ToArray().Sum();

    [Fact]
    public void A_change_made_in_place_to_the_splits_images_shows_in_a_data_set_made_before()
    {
        using var dir = new TempDir();
        var split = Load(dir).Train;
        var data = split.ToDataset();
        var loader = data.Batches(Train, shuffle: false);

        split.Images.mul_(0f);

        Assert.Equal(0f, Sum(loader.First().Features));
        Assert.Equal(0f, Sum(data.Features));
    }

    [Fact]
    public void Data_sets_sharing_the_bytes_share_the_floats_too()
    {
        using var dir = new TempDir();
        var data = Load(dir).Train.ToDataset();
        var oneHot = data.OneHot();
        var relabelled = data.Relabel();

        data.Features.mul_(0f);

        Assert.Equal(0f, Sum(oneHot.Features));
        Assert.Equal(0f, Sum(relabelled.Batches(Train, shuffle: false).First().Features));
    }

    [Fact]
    public void Reading_the_images_does_not_change_the_splits_equality()
    {
        using var dir = new TempDir();
        var split = Load(dir).Train;
        var copy = split with { };
        int hash = split.GetHashCode();

        _ = split.Images;

        Assert.Equal(split, copy);
        Assert.Equal(hash, split.GetHashCode());
        Assert.Same(split.Images, copy.Images);
    }

    [Fact]
    public void Null_images_or_labels_are_refused_by_name()
    {
        using var dir = new TempDir();
        var split = Load(dir).Train;

        Assert.Equal("Images", Assert.Throws<ArgumentNullException>(() => split with { Images = null! }).ParamName);
        Assert.Equal("Labels", Assert.Throws<ArgumentNullException>(() => split with { Labels = null! }).ParamName);
    }

    [Fact]
    public void An_empty_split_keeps_its_image_shape()
    {
        var empty = new ImageSplit(new PixelRows([], [0, 2, 3]), zeros(new long[] { 0 }, ScalarType.Int64));

        Assert.Equal([6L], empty.ToDataset().FeatureShape);
        Assert.Equal([0L, 6], empty.ToDataset().Features.shape);
        Assert.Equal("0 images of 2x3", empty.ToString());
    }

    [Fact]
    public void A_split_of_flat_images_describes_itself()
    {
        var split = new ImageSplit(zeros(4, 6), zeros(new long[] { 4 }, ScalarType.Int64));

        Assert.Equal("4 images of 6", split.ToString());
    }
}
