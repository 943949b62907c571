using System.Numerics;
using System.Numerics.Tensors;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>
/// Standardisation of features: each column (each feature) is centred on its mean and divided by its standard
/// deviation, both measured on the training data only and then applied unchanged to validation and test data, so no
/// information leaks from them into training: <c>var s = Standardizer.Fit(train.Features); s.Transform(test)</c>.
/// </summary>
/// <remarks>
/// The statistics are computed in double precision; the standard deviation is the population one (divided by n, as
/// scikit-learn's StandardScaler). A constant column has standard deviation 0 and is only centred (divided by 1):
/// it becomes all zeros instead of NaN. Every dimension after the first is a feature: images are standardised pixel by pixel.
/// </remarks>
public sealed class Standardizer
{
    Standardizer(Tensor mean, Tensor std)
    {
        Mean = mean;
        Std = std;
    }

    /// <summary>The mean of each feature over the training rows; shape: the features' shape without dimension 0.</summary>
    public Tensor Mean { get; }

    /// <summary>The standard deviation of each feature (1 where it was 0); same shape as <see cref="Mean"/>.</summary>
    public Tensor Std { get; }

    /// <summary>Measures the mean and standard deviation of each feature of <paramref name="features"/> (rows along dimension 0).</summary>
    /// <param name="features">Float32 or Float64, shape (n, ...), n ≥ 1: the training features only.</param>
    public static Standardizer Fit(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (!features.dtype.IsFloatingPoint() || features.dim() < 1 || features.size(0) == 0)
            throw new ArgumentException($"Standardizer.Fit: needs floating features of shape (n, ...) with n ≥ 1, got {features.dtype} of shape ({features.ShapeText}).");
        var x = features.Contiguous().to(ScalarType.Float64).Span<double>();
        int n = features.Dims[0], width = x.Length / n;
        var mean = new double[width];
        var sq = new double[width];
        var dev = new double[width];
        for (int i = 0; i < n; i++) TensorPrimitives.Add(mean, x.Slice(i * width, width), mean);
        TensorPrimitives.Divide(mean, n, mean);
        for (int i = 0; i < n; i++)
        {
            TensorPrimitives.Subtract(x.Slice(i * width, width), mean, dev);
            TensorPrimitives.MultiplyAdd(dev, dev, sq, sq);
        }
        for (int j = 0; j < width; j++)
        {
            double s = Math.Sqrt(sq[j] / n);
            sq[j] = s == 0 ? 1 : s;
        }
        long[] shape = features.shape[1..];
        return new Standardizer(torch.tensor(mean, shape).to(features.dtype), torch.tensor(sq, shape).to(features.dtype));
    }

    /// <summary>The standardised copy of <paramref name="features"/>: (x − mean) / std, column by column.</summary>
    /// <param name="features">Floating, shape (m, ...) with the same feature shape as the data fitted.</param>
    public Tensor Transform(Tensor features) => Apply(nameof(Transform), features, inverse: false);

    /// <summary>The data set with standardised features (targets unchanged).</summary>
    public Dataset Transform(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new Dataset(Transform(data.Features), data.Targets, data.Classes);
    }

    /// <summary>Undoes <see cref="Transform(Tensor)"/>: x · std + mean.</summary>
    public Tensor InverseTransform(Tensor standardized) => Apply(nameof(InverseTransform), standardized, inverse: true);

    Tensor Apply(string op, Tensor features, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (!features.dtype.IsFloatingPoint() || features.dim() < 1 || !features.Dims[1..].SequenceEqual(Mean.Dims))
            throw new ArgumentException($"Standardizer.{op}: expected floating features of shape (m, {Mean.ShapeText}) like the data fitted, got {features.dtype} of shape ({features.ShapeText}).");
        var src = features.Contiguous();
        var r = Tensor.Empty(src.dtype, src._dims);
        if (src.dtype == ScalarType.Float32) Apply(src.Span<float>(), Mean.to(ScalarType.Float32).Span<float>(), Std.to(ScalarType.Float32).Span<float>(), r.Span<float>(), inverse);
        else Apply(src.Span<double>(), Mean.to(ScalarType.Float64).Span<double>(), Std.to(ScalarType.Float64).Span<double>(), r.Span<double>(), inverse);
        return r;
    }

    static void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> mean, ReadOnlySpan<T> std, Span<T> r, bool inverse)
        where T : IFloatingPointIeee754<T>
    {
        int width = mean.Length;
        for (int i = 0; i + width <= x.Length && width > 0; i += width)
        {
            var row = r.Slice(i, width);
            if (inverse)
            {
                TensorPrimitives.Multiply(x.Slice(i, width), std, row);
                TensorPrimitives.Add(row, mean, row);
            }
            else
            {
                TensorPrimitives.Subtract(x.Slice(i, width), mean, row);
                TensorPrimitives.Divide(row, std, row);
            }
        }
    }
}
