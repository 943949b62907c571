using Edu.Sdk.Data;

namespace Edu.Sdk.Tests.Data;

public class EmbeddedSetsTests
{
    [Fact]
    public void Digits_has_1797_images_with_the_uci_class_counts()
    {
        var d = Digits.Load();

        Assert.Equal(1797, d.Count);
        Assert.Equal([1797L, 8, 8], d.Images.shape);
        Assert.Equal([1797L, 64], d.Flat.shape);
        Assert.Equal(ScalarType.Float32, d.Images.dtype);
        Assert.Equal(ScalarType.Int64, d.Labels.dtype);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], d.Classes);
        var counts = new int[10];
        foreach (long l in d.Labels.data<long>()) counts[l]++;
        Assert.Equal([178, 182, 177, 183, 181, 182, 181, 179, 174, 180], counts);
    }

    [Fact]
    public void Digits_first_image_is_a_zero_with_known_pixels()
    {
        var raw = Digits.Load(scale: false);
        var scaled = Digits.Load();

        float[] first = [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0,
                         0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0];
        Assert.Equal(first, raw.Flat[0].data<float>().ToArray());
        Assert.Equal(first.Select(v => v / 16f), scaled.Flat[0].data<float>().ToArray());
        Assert.Equal(13f, raw.Images[0, 1, 2].ToSingle()); // image 0, row 1, column 2
        Assert.Equal(0L, raw.Labels[0].item<long>());
        Assert.Equal(16f, raw.Images.max().ToSingle());
        Assert.Equal(1f, scaled.Images.max().ToSingle());
        Assert.Equal(0f, scaled.Images.min().ToSingle());
    }

    [Fact]
    public void Digits_as_a_data_set()
    {
        var flat = Digits.Load().ToDataset();
        var images = Digits.Load().ToDataset(flatten: false);

        Assert.Equal([1797L, 64], flat.Features.shape);
        Assert.Equal([1797L, 8, 8], images.Features.shape);
        Assert.Equal(10, flat.Classes!.Count);
    }

    [Fact]
    public void Diabetes_is_442_by_10_with_known_first_row_and_target()
    {
        var d = Diabetes.Load();

        Assert.Equal(442, d.Count);
        Assert.Equal([442L, 10], d.Features.shape);
        Assert.Equal([442L], d.Target.shape);
        Assert.Equal(ScalarType.Float32, d.Features.dtype);
        Assert.Equal(["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"], d.FeatureNames);
        Assert.Equal([59f, 2, 32.1f, 101, 157, 93.2f, 38, 4, 4.8598f, 87], d.Features[0].data<float>().ToArray());
        Assert.Equal(151f, d.Target[0].ToSingle());
        Assert.Equal(75f, d.Target[1].ToSingle());
    }

    [Fact]
    public void Diabetes_in_double_precision_and_as_a_data_set()
    {
        var d = Diabetes.Load(ScalarType.Float64);

        Assert.Equal(ScalarType.Float64, d.Features.dtype);
        Assert.Equal(4.8598, d.Features[0, 8].ToDouble());
        var ds = d.ToDataset();
        Assert.Equal([442L, 1], ds.Targets.shape);
        Assert.Null(ds.Classes);
        Assert.Throws<ArgumentException>(() => Diabetes.Load(ScalarType.Int64));
    }

    [Fact]
    public void Each_load_is_a_fresh_copy()
    {
        var a = Digits.Load();
        a.Images.fill_(0);
        Assert.Equal(16f, Digits.Load(scale: false).Images.max().ToSingle());
    }
}
