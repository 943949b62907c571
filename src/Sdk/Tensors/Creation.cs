using Edu.Sdk.Tensors;

namespace Edu.Sdk;

public static partial class torch
{
    /// <summary>A tensor holding a copy of <paramref name="data"/>, of shape <paramref name="shape"/> (1-d when omitted).</summary>
    public static Tensor tensor(float[] data, long[]? shape = null, ScalarType? dtype = null) => FromArray(data, shape, dtype);
    /// <summary>A Float64 tensor holding a copy of <paramref name="data"/>, of shape <paramref name="shape"/> (1-d when omitted).</summary>
    public static Tensor tensor(double[] data, long[]? shape = null, ScalarType? dtype = null) => FromArray(data, shape, dtype);
    /// <summary>An Int64 tensor (labels, indices) holding a copy of <paramref name="data"/>.</summary>
    public static Tensor tensor(long[] data, long[]? shape = null, ScalarType? dtype = null) => FromArray(data, shape, dtype);
    /// <summary>An Int64 tensor (labels, indices) holding a copy of <paramref name="data"/>.</summary>
    public static Tensor tensor(int[] data, long[]? shape = null, ScalarType? dtype = null) =>
        FromArray(Array.ConvertAll(data, v => (long)v), shape, dtype);
    /// <summary>A Bool tensor (a mask) holding a copy of <paramref name="data"/>.</summary>
    public static Tensor tensor(bool[] data, long[]? shape = null, ScalarType? dtype = null) => FromArray(data, shape, dtype);

    /// <summary>A 2-d tensor from a rectangular array.</summary>
    public static Tensor tensor(float[,] data, ScalarType? dtype = null) => FromMultidimensional<float>(data, dtype);
    /// <summary>A 3-d tensor from a rectangular array.</summary>
    public static Tensor tensor(float[,,] data, ScalarType? dtype = null) => FromMultidimensional<float>(data, dtype);
    /// <summary>A 4-d tensor from a rectangular array.</summary>
    public static Tensor tensor(float[,,,] data, ScalarType? dtype = null) => FromMultidimensional<float>(data, dtype);
    /// <summary>A 2-d Float64 tensor from a rectangular array.</summary>
    public static Tensor tensor(double[,] data, ScalarType? dtype = null) => FromMultidimensional<double>(data, dtype);
    /// <summary>A 3-d Float64 tensor from a rectangular array.</summary>
    public static Tensor tensor(double[,,] data, ScalarType? dtype = null) => FromMultidimensional<double>(data, dtype);
    /// <summary>A 4-d Float64 tensor from a rectangular array.</summary>
    public static Tensor tensor(double[,,,] data, ScalarType? dtype = null) => FromMultidimensional<double>(data, dtype);
    /// <summary>A 2-d Int64 tensor from a rectangular array.</summary>
    public static Tensor tensor(long[,] data, ScalarType? dtype = null) => FromMultidimensional<long>(data, dtype);

    /// <summary>A 0-d (scalar) Float32 tensor.</summary>
    public static Tensor tensor(float value, ScalarType? dtype = null) => FromArray(new[] { value }, [], dtype);
    /// <summary>A 0-d (scalar) Float64 tensor.</summary>
    public static Tensor tensor(double value, ScalarType? dtype = null) => FromArray(new[] { value }, [], dtype);
    /// <summary>A 0-d (scalar) Int64 tensor.</summary>
    public static Tensor tensor(long value, ScalarType? dtype = null) => FromArray(new[] { value }, [], dtype);

    static Tensor FromArray<T>(T[] data, long[]? shape, ScalarType? dtype) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        int[] dims = shape is null ? [data.Length] : Shape.FromLong("tensor", shape);
        if (Shape.Numel(dims) != data.Length)
            throw new ArgumentException($"tensor: {data.Length} values cannot fill shape ({Shape.Format(dims)}), which holds {Shape.Numel(dims)}.");
        var t = new Tensor((T[])data.Clone(), 0, dims, ScalarTypeExtensions.ToScalarType(typeof(T)));
        return dtype is { } d ? t.to(d) : t;
    }

    static Tensor FromMultidimensional<T>(Array data, ScalarType? dtype) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        var dims = new int[data.Rank];
        for (int i = 0; i < dims.Length; i++) dims[i] = data.GetLength(i);
        var t = Tensor.Empty<T>(dims);
        // A rectangular array is stored row-major, so one block copy lays it out.
        Buffer.BlockCopy(data, 0, (T[])t._storage, 0, t._numel * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        return dtype is { } d ? t.to(d) : t;
    }

    static int[] Dims(string op, long[] size) => Shape.FromLong(op, size);

    /// <summary>A tensor of zeros.</summary>
    public static Tensor zeros(long[] size, ScalarType? dtype = null) => full(size, 0, dtype);
    /// <summary>A 1-d tensor of zeros.</summary>
    public static Tensor zeros(long d0, ScalarType? dtype = null) => zeros([d0], dtype);
    /// <summary>A 2-d tensor of zeros.</summary>
    public static Tensor zeros(long d0, long d1, ScalarType? dtype = null) => zeros([d0, d1], dtype);
    /// <summary>A 3-d tensor of zeros.</summary>
    public static Tensor zeros(long d0, long d1, long d2, ScalarType? dtype = null) => zeros([d0, d1, d2], dtype);
    /// <summary>A 4-d tensor of zeros.</summary>
    public static Tensor zeros(long d0, long d1, long d2, long d3, ScalarType? dtype = null) => zeros([d0, d1, d2, d3], dtype);

    /// <summary>A tensor of ones.</summary>
    public static Tensor ones(long[] size, ScalarType? dtype = null) => full(size, 1, dtype);
    /// <summary>A 1-d tensor of ones.</summary>
    public static Tensor ones(long d0, ScalarType? dtype = null) => ones([d0], dtype);
    /// <summary>A 2-d tensor of ones.</summary>
    public static Tensor ones(long d0, long d1, ScalarType? dtype = null) => ones([d0, d1], dtype);
    /// <summary>A 3-d tensor of ones.</summary>
    public static Tensor ones(long d0, long d1, long d2, ScalarType? dtype = null) => ones([d0, d1, d2], dtype);
    /// <summary>A 4-d tensor of ones.</summary>
    public static Tensor ones(long d0, long d1, long d2, long d3, ScalarType? dtype = null) => ones([d0, d1, d2, d3], dtype);

    /// <summary>A tensor whose elements are not initialised: every element is overwritten before it is read.</summary>
    public static Tensor empty(long[] size, ScalarType? dtype = null) => Tensor.Empty(dtype ?? get_default_dtype(), Dims("empty", size));

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor full(long[] size, double value, ScalarType? dtype = null)
    {
        var t = Tensor.Empty(dtype ?? get_default_dtype(), Dims("full", size));
        t.fill_(value);
        return t;
    }

    /// <summary>An Int64 tensor [0, 1, ..., stop-1] (or of <paramref name="dtype"/>).</summary>
    public static Tensor arange(long stop, ScalarType? dtype = null) => arange(0, stop, 1, dtype);

    /// <summary>An Int64 tensor [start, start+step, ...) stopping before <paramref name="stop"/> (or of <paramref name="dtype"/>).</summary>
    public static Tensor arange(long start, long stop, long step = 1, ScalarType? dtype = null)
    {
        if (step == 0) throw new ArgumentException("arange: step must not be zero.", nameof(step));
        long n = Math.Max(0, (stop - start + step - Math.Sign(step)) / step);
        var v = new long[n];
        for (long i = 0; i < n; i++) v[i] = start + i * step;
        return FromArray(v, null, dtype);
    }

    /// <summary>A floating tensor [start, start+step, ...) stopping before <paramref name="stop"/>.</summary>
    public static Tensor arange(double start, double stop, double step = 1, ScalarType? dtype = null)
    {
        if (step == 0 || !double.IsFinite(step) || !double.IsFinite(start) || !double.IsFinite(stop))
            throw new ArgumentException($"arange: start {start}, stop {stop} and step {step} must be finite and step non-zero.");
        long n = Math.Max(0, (long)Math.Ceiling((stop - start) / step));
        var v = new double[n];
        for (long i = 0; i < n; i++) v[i] = start + i * step;
        return FromArray(v, null, dtype ?? get_default_dtype());
    }

    /// <summary>An <paramref name="n"/>×<paramref name="m"/> matrix with ones on the diagonal (<paramref name="m"/> defaults to <paramref name="n"/>).</summary>
    public static Tensor eye(long n, long m = -1, ScalarType? dtype = null)
    {
        if (m < 0) m = n;
        var t = zeros([n, m], dtype);
        var dt = t.dtype;
        for (long i = 0; i < Math.Min(n, m); i++)
            t.SetFlat((int)(i * m + i), 1, dt);
        return t;
    }

    /// <summary>A zero tensor shaped and typed like <paramref name="input"/>.</summary>
    public static Tensor zeros_like(Tensor input, ScalarType? dtype = null) => zeros(input.shape, dtype ?? input.dtype);
    /// <summary>A tensor of ones shaped and typed like <paramref name="input"/>.</summary>
    public static Tensor ones_like(Tensor input, ScalarType? dtype = null) => ones(input.shape, dtype ?? input.dtype);
    /// <summary>A tensor filled with <paramref name="value"/>, shaped and typed like <paramref name="input"/>.</summary>
    public static Tensor full_like(Tensor input, double value, ScalarType? dtype = null) => full(input.shape, value, dtype ?? input.dtype);
    /// <summary>An uninitialised tensor shaped and typed like <paramref name="input"/>.</summary>
    public static Tensor empty_like(Tensor input, ScalarType? dtype = null) => empty(input.shape, dtype ?? input.dtype);
    /// <summary>Standard normal values, shaped and typed like <paramref name="input"/>.</summary>
    public static Tensor randn_like(Tensor input, ScalarType? dtype = null, Generator? generator = null) => randn(input.shape, dtype ?? input.dtype, generator);
    /// <summary>Uniform values in [0, 1), shaped and typed like <paramref name="input"/>.</summary>
    public static Tensor rand_like(Tensor input, ScalarType? dtype = null, Generator? generator = null) => rand(input.shape, dtype ?? input.dtype, generator);
}
