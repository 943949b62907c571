namespace Edu.Sdk.Tests;

/// <summary>
/// Reference computations in double with plain index arithmetic, written independently of the SDK's kernels,
/// so tests compare the SDK against values it did not compute.
/// </summary>
internal static class Naive
{
    public static int[] Strides(int[] dims)
    {
        var s = new int[dims.Length];
        int acc = 1;
        for (int i = dims.Length - 1; i >= 0; i--) { s[i] = acc; acc *= dims[i]; }
        return s;
    }

    public static int Numel(int[] dims) => dims.Aggregate(1, (a, b) => a * b);

    /// <summary>NumPy's rule, spelled out: right-align, sizes equal or one of them 1.</summary>
    public static int[] BroadcastShape(int[] a, int[] b)
    {
        int n = Math.Max(a.Length, b.Length);
        var r = new int[n];
        for (int i = 0; i < n; i++)
        {
            int da = i - (n - a.Length) >= 0 ? a[i - (n - a.Length)] : 1;
            int db = i - (n - b.Length) >= 0 ? b[i - (n - b.Length)] : 1;
            r[i] = Math.Max(da, db);
        }
        return r;
    }

    /// <summary>Element (multi-index) of a broadcast operand: coordinates beyond its size 1 read index 0.</summary>
    public static double At(double[] data, int[] dims, int[] outIndex)
    {
        int off = 0, lead = outIndex.Length - dims.Length;
        var s = Strides(dims);
        for (int i = 0; i < dims.Length; i++)
            off += (dims[i] == 1 ? 0 : outIndex[lead + i]) * s[i];
        return data[off];
    }

    public static int[] Unravel(int flat, int[] dims)
    {
        var idx = new int[dims.Length];
        for (int i = dims.Length - 1; i >= 0; i--) { idx[i] = flat % dims[i]; flat /= dims[i]; }
        return idx;
    }

    public static double[] Broadcast(double[] a, int[] da, double[] b, int[] db, Func<double, double, double> f, out int[] shape)
    {
        shape = BroadcastShape(da, db);
        var r = new double[Numel(shape)];
        for (int i = 0; i < r.Length; i++)
        {
            var idx = Unravel(i, shape);
            r[i] = f(At(a, da, idx), At(b, db, idx));
        }
        return r;
    }

    /// <summary>Σ over one dim of a row-major array.</summary>
    public static double[] SumDim(double[] x, int[] dims, int dim)
    {
        var outDims = dims.Select((d, i) => i == dim ? 1 : d).ToArray();
        var r = new double[Numel(outDims)];
        for (int i = 0; i < x.Length; i++)
        {
            var idx = Unravel(i, dims);
            idx[dim] = 0;
            int o = 0; var s = Strides(outDims);
            for (int k = 0; k < idx.Length; k++) o += idx[k] * s[k];
            r[o] += x[i];
        }
        return r;
    }

    public static double[] MatMul(double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
                c[i * n + j] = s;
            }
        return c;
    }
}

/// <summary>Assertions on tensors against double arrays.</summary>
internal static class Expect
{
    public static void Close(double[] expected, torch.Tensor actual, double tol = 1e-5)
    {
        var got = actual.to(ScalarType.Float64).data<double>().ToArray();
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < got.Length; i++)
        {
            if (double.IsNaN(expected[i])) { Assert.True(double.IsNaN(got[i]), $"element {i}: expected NaN, got {got[i]}"); continue; }
            if (expected[i] == got[i]) continue;
            double err = Math.Abs(expected[i] - got[i]);
            Assert.True(err <= tol * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {got[i]} (error {err})");
        }
    }

    public static void Shape(long[] expected, torch.Tensor actual) => Assert.Equal(expected, actual.shape);

    public static double[] Values(torch.Tensor t) => t.to(ScalarType.Float64).data<double>().ToArray();
}
