using Edu.Sdk.Tensors;

namespace Edu.Sdk;

public static partial class torch
{
    /// <summary>Values drawn from the standard normal distribution N(0, 1).</summary>
    public static Tensor randn(long[] size, ScalarType? dtype = null, Generator? generator = null) =>
        empty(size, dtype).normal_(0, 1, generator);
    /// <summary>A 1-d tensor of standard normal values.</summary>
    public static Tensor randn(long d0, ScalarType? dtype = null, Generator? generator = null) => randn([d0], dtype, generator);
    /// <summary>A 2-d tensor of standard normal values.</summary>
    public static Tensor randn(long d0, long d1, ScalarType? dtype = null, Generator? generator = null) => randn([d0, d1], dtype, generator);
    /// <summary>A 3-d tensor of standard normal values.</summary>
    public static Tensor randn(long d0, long d1, long d2, ScalarType? dtype = null, Generator? generator = null) => randn([d0, d1, d2], dtype, generator);
    /// <summary>A 4-d tensor of standard normal values.</summary>
    public static Tensor randn(long d0, long d1, long d2, long d3, ScalarType? dtype = null, Generator? generator = null) => randn([d0, d1, d2, d3], dtype, generator);

    /// <summary>Values drawn uniformly from [0, 1).</summary>
    public static Tensor rand(long[] size, ScalarType? dtype = null, Generator? generator = null) =>
        empty(size, dtype).uniform_(0, 1, generator);
    /// <summary>A 1-d tensor of uniform values in [0, 1).</summary>
    public static Tensor rand(long d0, ScalarType? dtype = null, Generator? generator = null) => rand([d0], dtype, generator);
    /// <summary>A 2-d tensor of uniform values in [0, 1).</summary>
    public static Tensor rand(long d0, long d1, ScalarType? dtype = null, Generator? generator = null) => rand([d0, d1], dtype, generator);
    /// <summary>A 3-d tensor of uniform values in [0, 1).</summary>
    public static Tensor rand(long d0, long d1, long d2, ScalarType? dtype = null, Generator? generator = null) => rand([d0, d1, d2], dtype, generator);

    /// <summary>Values drawn from N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
    public static Tensor normal(double mean, double std, long[] size, ScalarType? dtype = null, Generator? generator = null) =>
        empty(size, dtype).normal_(mean, std, generator);

    /// <summary>Int64 values drawn uniformly from [0, <paramref name="high"/>).</summary>
    public static Tensor randint(long high, long[] size, Generator? generator = null) => randint(0, high, size, generator);

    /// <summary>Int64 values drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static Tensor randint(long low, long high, long[] size, Generator? generator = null)
    {
        if (high <= low)
            throw new ArgumentException($"randint: the range [{low}, {high}) is empty; high must be greater than low.");
        var g = generator ?? default_generator;
        var t = Tensor.Empty<long>(Shape.FromLong("randint", size));
        var d = t.Span<long>();
        for (int i = 0; i < d.Length; i++) d[i] = low + g.NextInt64(high - low);
        return t;
    }

    /// <summary>A random permutation of 0..<paramref name="n"/>-1 (Int64), by Fisher–Yates.</summary>
    public static Tensor randperm(long n, Generator? generator = null)
    {
        if (n < 0) throw new ArgumentException($"randperm: n must be non-negative, got {n}.", nameof(n));
        var g = generator ?? default_generator;
        var p = new long[n];
        for (long i = 0; i < n; i++) p[i] = i;
        for (long i = n - 1; i > 0; i--)
        {
            long j = g.NextInt64(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return new Tensor(p, 0, [(int)n], ScalarType.Int64);
    }

    public partial class Tensor
    {
        /// <summary>Fills this tensor, in place, with draws from N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
        public Tensor normal_(double mean = 0, double std = 1, Generator? generator = null)
        {
            if (!double.IsFinite(mean) || !double.IsFinite(std) || std < 0)
                throw new ArgumentException($"normal_: mean must be finite and std finite and non-negative; got mean {mean}, std {std}.");
            Elementwise.RequireFloat("normal_", this);
            CheckWritable("normal_");
            CheckInPlace("normal_");
            var g = generator ?? default_generator;
            if (dtype == ScalarType.Float32) { var d = Span<float>(); for (int i = 0; i < d.Length; i++) d[i] = (float)(mean + std * g.NextNormal()); }
            else { var d = Span<double>(); for (int i = 0; i < d.Length; i++) d[i] = mean + std * g.NextNormal(); }
            BumpVersion();
            return this;
        }

        /// <summary>Fills this tensor, in place, with values drawn uniformly from [<paramref name="from"/>, <paramref name="to"/>).</summary>
        public Tensor uniform_(double from = 0, double to = 1, Generator? generator = null)
        {
            if (!double.IsFinite(from) || !double.IsFinite(to) || to < from)
                throw new ArgumentException($"uniform_: the bounds must be finite with from <= to; got [{from}, {to}).");
            Elementwise.RequireFloat("uniform_", this);
            CheckWritable("uniform_");
            CheckInPlace("uniform_");
            var g = generator ?? default_generator;
            double w = to - from;
            if (dtype == ScalarType.Float32) { var d = Span<float>(); for (int i = 0; i < d.Length; i++) d[i] = (float)(from + w * g.NextSingle()); }
            else { var d = Span<double>(); for (int i = 0; i < d.Length; i++) d[i] = from + w * g.NextDouble(); }
            BumpVersion();
            return this;
        }
    }
}
