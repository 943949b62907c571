using Edu.Sdk.Data;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Data;

public class StandardizerTests
{
    [Theory]
    [InlineData(ScalarType.Float32, 1e-5)]
    [InlineData(ScalarType.Float64, 1e-12)]
    public void Train_columns_get_mean_0_and_std_1(ScalarType dtype, double tol)
    {
        var (train, _) = Diabetes.Load(dtype).ToDataset().Split(0.8, seed: 3);

        var s = Standardizer.Fit(train.Features);
        var z = s.Transform(train).Features.to(float64);

        Assert.Equal(dtype, s.Mean.dtype);
        Assert.Equal([10L], s.Mean.shape);
        var mean = z.mean(0).data<double>().ToArray();
        var std = ((z - z.mean(0, true)) * (z - z.mean(0, true))).mean(0).sqrt().data<double>().ToArray();
        for (int j = 0; j < 10; j++)
        {
            Assert.InRange(mean[j], -tol * 10, tol * 10);
            Assert.InRange(std[j], 1 - tol, 1 + tol);
        }
    }

    [Fact]
    public void Test_data_uses_the_training_statistics()
    {
        var train = tensor(new double[] { 1, 10, 3, 10, 5, 10 }, [3, 2]); // column 0: mean 3, population std sqrt(8/3); column 1 constant
        var test = tensor(new double[] { 3, 10, 7, 12 }, [2, 2]);

        var s = Standardizer.Fit(train);
        var z = s.Transform(test).data<double>().ToArray();

        double sd = Math.Sqrt(8.0 / 3);
        Assert.Equal([3.0, 10.0], s.Mean.data<double>().ToArray());
        Assert.Equal([sd, 1.0], s.Std.data<double>().ToArray()); // a constant column is only centred
        Assert.Equal(0, z[0], 12);
        Assert.Equal(0, z[1], 12);
        Assert.Equal(4 / sd, z[2], 12);
        Assert.Equal(2, z[3], 12);
        Assert.Equal(test.data<double>().ToArray(), s.InverseTransform(s.Transform(test)).data<double>().ToArray());
    }

    [Fact]
    public void Images_are_standardised_pixel_by_pixel_without_nan()
    {
        var images = Digits.Load().Images; // corner pixels are constant 0
        var s = Standardizer.Fit(images);

        Assert.Equal([8L, 8], s.Mean.shape);
        var z = s.Transform(images);
        Assert.DoesNotContain(z.data<float>().ToArray(), float.IsNaN);
    }

    [Fact]
    public void Shapes_must_match_the_fitted_data()
    {
        var s = Standardizer.Fit(zeros(4, 3));
        var e = Assert.Throws<ArgumentException>(() => s.Transform(zeros(4, 5)));
        Assert.Contains("expected floating features of shape (m, 3)", e.Message);
        Assert.Throws<ArgumentException>(() => Standardizer.Fit(zeros([0, 3])));
    }
}
