namespace Edu.Sdk.Tests.Optim;

/// <summary>
/// Deterministic parameters and per-step gradients for the optimizer tests: 37 elements, so the 512-bit loop (16 floats
/// or 8 doubles at a time), the 256-bit loop and the scalar tail all run. Values are rounded to the dtype first, so the
/// double-precision reference starts from exactly what the SDK sees.
/// </summary>
internal static class OptimTestData
{
    public const int Length = 37;

    public static double[] Initial(bool float32) =>
        Round(Enumerable.Range(0, Length).Select(i => Math.Sin(i + 1) * 1.5), float32);

    /// <summary>The gradient at step t (1-based); its scale falls after step 1 so AMSGrad's maximum differs from v.</summary>
    public static double[] Gradient(int t, bool float32)
    {
        double scale = t switch { 1 => 3.0, 2 => 0.5, _ => 0.2 };
        return Round(Enumerable.Range(0, Length).Select(i => Math.Cos(0.7 * i * t + 0.3) * scale), float32);
    }

    static double[] Round(IEnumerable<double> xs, bool float32) => xs.Select(x => float32 ? (float)x : x).ToArray();

    public static torch.Tensor Tensor(double[] values, bool float32) =>
        float32 ? torch.tensor(values.Select(v => (float)v).ToArray()) : torch.tensor(values);

    public static double[] Values(torch.Tensor t) =>
        t.dtype == ScalarType.Float32 ? t.data<float>().ToArray().Select(v => (double)v).ToArray() : t.data<double>().ToArray();

    /// <summary>Asserts element-wise closeness: float32 to about its resolution, float64 to 1e-12.</summary>
    public static void AssertClose(double[] expected, torch.Tensor actual, bool float32, string what)
    {
        var a = Values(actual);
        Assert.Equal(expected.Length, a.Length);
        double tol = float32 ? 2e-6 : 1e-12;
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(expected[i] - a[i]) <= tol * Math.Max(1, Math.Abs(expected[i])),
                $"{what}: element {i} is {a[i]:R}, expected {expected[i]:R}");
    }
}
