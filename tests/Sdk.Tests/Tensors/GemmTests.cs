using System.Numerics;
using Edu.Sdk.Tensors;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Tensors;

/// <summary>
/// Every GEMM path (the facade, the managed kernel, and OpenBLAS when it loads) against a naive triple loop
/// computed in double. CI reruns this category with EDU_BLAS=managed, so the facade is checked on both backends.
/// </summary>
[Trait("Category", "Tensors")]
public class GemmTests(ITestOutputHelper output)
{
    delegate void GemmFn<T>(bool transA, bool transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc);

    static IEnumerable<(string Name, GemmFn<T> Fn)> Paths<T>()
    {
        if (typeof(T) == typeof(float))
        {
            yield return ("facade/" + Gemm.Backend, (GemmFn<T>)(object)(GemmFn<float>)Gemm.Sgemm);
            yield return ("managed", (GemmFn<T>)(object)(GemmFn<float>)Gemm.Managed.Sgemm);
            yield return ("layer/" + Gemm.LayerBackend, (GemmFn<T>)(object)(GemmFn<float>)Gemm.SgemmForLayer);
            if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
                yield return ("managed/vector256", (GemmFn<T>)(object)(GemmFn<float>)Gemm.Managed.WithKernel<float, Vector256Kernel<float>>);
            if (Gemm.OpenBlas.IsAvailable) yield return ("openblas", (GemmFn<T>)(object)(GemmFn<float>)Gemm.OpenBlas.Sgemm);
            if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported) yield return ("skinny", (GemmFn<T>)(object)(GemmFn<float>)Skinny);
        }
        else
        {
            yield return ("facade/" + Gemm.Backend, (GemmFn<T>)(object)(GemmFn<double>)Gemm.Dgemm);
            yield return ("managed", (GemmFn<T>)(object)(GemmFn<double>)Gemm.Managed.Dgemm);
            if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
                yield return ("managed/vector256", (GemmFn<T>)(object)(GemmFn<double>)Gemm.Managed.WithKernel<double, Vector256Kernel<double>>);
            if (Gemm.OpenBlas.IsAvailable) yield return ("openblas", (GemmFn<T>)(object)(GemmFn<double>)Gemm.OpenBlas.Dgemm);
        }
    }

    /// <summary>The skinny path on every product it can take, however large (the facade bounds it by work).</summary>
    static void Skinny(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (transB || n > SkinnyGemm.MaxColumns) Gemm.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else SkinnyGemm.Sgemm(transA, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    public static TheoryData<int, bool> SkinnyColumns()
    {
        var data = new TheoryData<int, bool>();
        for (int n = 1; n <= SkinnyGemm.MaxColumns; n++) { data.Add(n, false); data.Add(n, true); }
        return data;
    }

    [Theory, MemberData(nameof(SkinnyColumns))]
    public void Classifier_shapes_match_for_every_narrow_width(int n, bool transA)
    {
        // Every result width the skinny path takes, with batches of 1 to 65 rows (blocks of sixteen, of twenty alone
        // and after sixteen (20, 36), of eight and four, an odd and an even number of them, and leftovers),
        // depths below and above its four-way unrolling, padded strides, and α, β that are not 0 or 1.
        foreach (var (name, fn) in Paths<float>())
            foreach (int m in new[] { 1, 2, 3, 5, 7, 8, 20, 24, 36, 65 })
                foreach (int k in new[] { 1, 3, 4, 6, 784 })
                    foreach (var (alpha, beta) in new[] { (1.0, 0.0), (1.0, 1.0), (-0.5, 0.25) })
                    {
                        string? error = Compare(fn, transA, false, m, n, k, alpha, beta, 3, 2, 5, m * 131 + n * 17 + k);
                        Assert.True(error is null, $"{name}: {error}");
                    }
    }

    [Theory, MemberData(nameof(SkinnyColumns))]
    public void Batch_of_one_products_on_unpadded_rows_match_for_every_narrow_width(int n, bool transA)
    {
        // Rows back to back (no padding) take the flat kernels (FlatRows): one example's forward 1×k·k×n, with depths
        // below, at and around multiples of the 16-row span, and its weight gradient, the outer product m×1·1×n,
        // with rows left over after the spans (rows of ten take the flat outer product, other widths the row kernels).
        foreach (var (name, fn) in Paths<float>())
            foreach (var (alpha, beta) in new[] { (1.0, 0.0), (1.0, 1.0), (-0.5, 0.25) })
            {
                foreach (int k in new[] { 1, 15, 16, 17, 63, 64, 65, 784 })
                {
                    string? error = Compare(fn, transA, false, 1, n, k, alpha, beta, 0, 0, 0, n * 31 + k);
                    Assert.True(error is null, $"{name}, one row: {error}");
                }
                foreach (int m in new[] { 2, 15, 16, 17, 33, 784 })
                {
                    string? error = Compare(fn, transA, false, m, n, 1, alpha, beta, 0, 0, 0, n * 37 + m);
                    Assert.True(error is null, $"{name}, outer product: {error}");
                }
            }
    }

    void SayPaths<T>()
    {
        output.WriteLine($"{typeof(T).Name}: compared paths {string.Join(", ", Paths<T>().Select(p => p.Name))} against a naive double loop.");
        if (!Gemm.OpenBlas.IsAvailable) output.WriteLine("OpenBLAS is not loadable here: its comparison was skipped.");
    }

    /// <summary>One case: stored matrices padded by the given extra stride, C pre-filled with NaN when β = 0.</summary>
    static string? Compare<T>(GemmFn<T> gemm, bool transA, bool transB, int m, int n, int k, double alpha, double beta,
        int padA, int padB, int padC, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = aCols + padA, ldb = bCols + padB, ldc = n + padC;
        T[] a = Fill<T>(rng, (aRows - 1) * lda + aCols), b = Fill<T>(rng, (bRows - 1) * ldb + bCols);
        T[] c = beta == 0 ? Enumerable.Repeat(T.NaN, (m - 1) * ldc + n).ToArray() : Fill<T>(rng, (m - 1) * ldc + n);
        T[] c0 = (T[])c.Clone();
        gemm(transA, transB, m, n, k, T.CreateTruncating(alpha), a, lda, b, ldb, T.CreateTruncating(beta), c, ldc);

        double eps = typeof(T) == typeof(float) ? 1.2e-7 : 2.3e-16;
        double[] ad = a.Select(double.CreateTruncating).ToArray(), bd = b.Select(double.CreateTruncating).ToArray();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0, mag = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = transA ? ad[p * lda + i] : ad[i * lda + p];
                    double y = transB ? bd[j * ldb + p] : bd[p * ldb + j];
                    s += x * y;
                    mag += Math.Abs(x * y);
                }
                double old = beta == 0 ? 0 : double.CreateTruncating(c0[i * ldc + j]);
                double want = alpha * s + beta * old;
                double got = double.CreateTruncating(c[i * ldc + j]);
                double tol = 4 * (k + 2) * eps * (Math.Abs(alpha) * mag + Math.Abs(beta * old)) + 1e-30;
                if (!(Math.Abs(got - want) <= tol))
                    return $"C[{i},{j}] = {got}, expected {want} (tolerance {tol:g3}) for transA={transA} transB={transB} m={m} n={n} k={k} alpha={alpha} beta={beta} pads=({padA},{padB},{padC})";
            }
        // The padding between rows of C belongs to someone else: it must be untouched.
        for (int i = 0; i < m - 1; i++)
            for (int j = n; j < ldc; j++)
                if (!c[i * ldc + j].Equals(c0[i * ldc + j]))
                    return $"GEMM wrote C's padding at row {i}, column {j} (m={m} n={n} k={k} ldc={ldc})";
        return null;
    }

    static T[] Fill<T>(Random rng, int length) where T : INumberBase<T>
    {
        var x = new T[Math.Max(length, 0)];
        for (int i = 0; i < x.Length; i++) x[i] = T.CreateTruncating(rng.NextDouble() * 2 - 1);
        return x;
    }

    static readonly (int M, int N, int K)[] Sizes =
    [
        (1, 1, 1), (3, 17, 33), (17, 3, 65), (33, 65, 17), (65, 33, 257), (1, 257, 3), (257, 1, 65),
        (8, 32, 256), (9, 33, 257), (200, 40, 260),
    ];

    public static TheoryData<bool, bool, double> Flags()
    {
        var data = new TheoryData<bool, bool, double>();
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
                foreach (double beta in new[] { 0.0, 1.0 })
                    data.Add(ta, tb, beta);
        return data;
    }

    void AllSizes<T>(bool transA, bool transB, double beta, int padA, int padB, int padC) where T : unmanaged, IFloatingPointIeee754<T>
    {
        SayPaths<T>();
        foreach (var (name, fn) in Paths<T>())
            foreach (var (m, n, k) in Sizes)
            {
                string? error = Compare(fn, transA, transB, m, n, k, 1.0, beta, padA, padB, padC, m * 7919 + n * 31 + k);
                Assert.True(error is null, $"{name}: {error}");
            }
    }

    [Theory, MemberData(nameof(Flags))]
    public void Float_matches_naive_loop(bool transA, bool transB, double beta) => AllSizes<float>(transA, transB, beta, 0, 0, 0);

    [Theory, MemberData(nameof(Flags))]
    public void Double_matches_naive_loop(bool transA, bool transB, double beta) => AllSizes<double>(transA, transB, beta, 0, 0, 0);

    [Theory, MemberData(nameof(Flags))]
    public void Float_with_row_strides_wider_than_rows(bool transA, bool transB, double beta) => AllSizes<float>(transA, transB, beta, 5, 3, 7);

    [Theory, MemberData(nameof(Flags))]
    public void Double_with_row_strides_wider_than_rows(bool transA, bool transB, double beta) => AllSizes<double>(transA, transB, beta, 1, 9, 2);

    [Fact]
    public void Alpha_and_fractional_beta_scale_the_right_terms()
    {
        SayPaths<float>();
        foreach (var (name, fn) in Paths<float>())
            foreach (var (alpha, beta) in new[] { (0.5, 0.5), (-2.0, 0.0), (1.5, -1.0) })
            {
                string? error = Compare(fn, false, true, 37, 45, 70, alpha, beta, 2, 0, 1, 11) ?? Compare(fn, true, false, 130, 70, 300, alpha, beta, 0, 4, 0, 12);
                Assert.True(error is null, $"{name}: {error}");
            }
    }

    [Fact]
    public void Mnist_layer_and_multi_block_shapes_match()
    {
        // 64×784·784×300 crosses KC and NC-strip edges (300 = 9·32 + 12); 129×257×600 crosses MC, KC twice and the
        // two-core split, in both precisions.
        SayPaths<float>();
        foreach (var (name, fn) in Paths<float>())
        {
            string? error = Compare(fn, false, false, 64, 300, 784, 1.0, 0.0, 0, 0, 0, 5);
            Assert.True(error is null, $"{name}: {error}");
        }
        foreach (var (name, fn) in Paths<double>())
        {
            string? error = Compare(fn, true, true, 257, 129, 600, 1.0, 1.0, 3, 0, 2, 6);
            Assert.True(error is null, $"{name}: {error}");
        }
    }

    [Fact]
    public void Beta_zero_overwrites_NaN_in_C()
    {
        SayPaths<float>();
        foreach (var (name, fn) in Paths<float>())
            foreach (var (m, n, k) in new[] { (2, 2, 2), (64, 300, 784), (100, 100, 100) })
            {
                var a = Enumerable.Repeat(1f, m * k).ToArray();
                var b = Enumerable.Repeat(1f, k * n).ToArray();
                var c = Enumerable.Repeat(float.NaN, m * n).ToArray();
                fn(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
                Assert.True(c.All(v => v == k), $"{name}: β = 0 must not read C ({m}×{n}×{k})");
            }
    }

    [Fact]
    public void Empty_inner_dimension_scales_C_by_beta()
    {
        foreach (var (name, fn) in Paths<double>())
        {
            var c = new[] { 1.0, 2, 3, 4, 5, 6 };
            fn(false, false, 2, 3, 0, 1.0, [], 0, [], 3, 0.5, c, 3);
            Assert.Equal(new[] { 0.5, 1, 1.5, 2, 2.5, 3 }, c);
            var nan = Enumerable.Repeat(double.NaN, 6).ToArray();
            fn(true, true, 2, 3, 0, 1.0, [], 2, [], 0, 0.0, nan, 3);
            Assert.All(nan, v => Assert.Equal(0.0, v));
            output.WriteLine($"{name}: k = 0 gives β·C");
        }
    }

    [Fact]
    public void Bad_arguments_are_rejected_before_any_pointer_is_read()
    {
        foreach (var (_, fn) in Paths<float>())
        {
            Assert.Throws<ArgumentException>(() => fn(false, false, 4, 4, 4, 1f, new float[15], 4, new float[16], 4, 0f, new float[16], 4));
            Assert.Throws<ArgumentOutOfRangeException>(() => fn(false, false, 4, 4, 4, 1f, new float[16], 3, new float[16], 4, 0f, new float[16], 4));
            Assert.Throws<ArgumentException>(() => fn(false, true, 4, 4, 4, 1f, new float[16], 4, new float[16], 4, 0f, new float[15], 4));
        }
    }

    [Fact]
    public void Random_shapes_agree_with_the_naive_loop()
    {
        SayPaths<float>();
        var cases =
            from m in Gen.Choose(1, 90)
            from n in Gen.Choose(1, 90)
            from k in Gen.Choose(1, 300)
            from ta in Gen.Elements(false, true)
            from tb in Gen.Elements(false, true)
            from beta in Gen.Elements(0.0, 1.0, 0.25)
            from pads in Gen.Choose(0, 4).Three()
            from seed in Gen.Choose(0, 1 << 20)
            select (m, n, k, ta, tb, beta, pads, seed);
        Prop.ForAll(cases.ToArbitrary(), t =>
        {
            foreach (var (name, fn) in Paths<float>())
            {
                string? error = Compare(fn, t.ta, t.tb, t.m, t.n, t.k, 1.0, t.beta, t.pads.Item1, t.pads.Item2, t.pads.Item3, t.seed);
                if (error is not null) throw new Exception($"{name}: {error}");
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Torch_matmul_reads_transposed_views_in_place(bool viewA, bool viewB)
    {
        output.WriteLine($"torch.matmul runs on the {Gemm.Backend} backend.");
        foreach (var dtype in new[] { float32, float64 })
        {
            const int m = 37, k = 70, n = 45;
            manual_seed(3);
            // A .T view of a k×m tensor is an m×k operand whose storage GEMM reads with the transpose flag.
            var a = viewA ? randn(k, m, dtype).T : randn(m, k, dtype);
            var b = viewB ? randn(n, k, dtype).T : randn(k, n, dtype);
            var r = matmul(a, b);
            Assert.Equal(new long[] { m, n }, r.shape);
            double[] ad = a.to(float64).data<double>().ToArray(), bd = b.to(float64).data<double>().ToArray();
            double[] rd = r.to(float64).data<double>().ToArray();
            double eps = dtype == float32 ? 1.2e-7 : 2.3e-16;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = 0, mag = 0;
                    for (int p = 0; p < k; p++) { s += ad[i * k + p] * bd[p * n + j]; mag += Math.Abs(ad[i * k + p] * bd[p * n + j]); }
                    Assert.True(Math.Abs(rd[i * n + j] - s) <= 4 * (k + 2) * eps * mag, $"{dtype} [{i},{j}]: {rd[i * n + j]} vs {s}");
                }
        }
    }

    [Fact]
    public void Backend_follows_EDU_BLAS_and_the_library()
    {
        bool managedAsked = string.Equals(Environment.GetEnvironmentVariable("EDU_BLAS"), "managed", StringComparison.OrdinalIgnoreCase);
        string expected = Gemm.OpenBlas.IsAvailable && !managedAsked ? "openblas" : "managed";
        output.WriteLine($"EDU_BLAS={Environment.GetEnvironmentVariable("EDU_BLAS") ?? "(unset)"}, OpenBLAS {(Gemm.OpenBlas.IsAvailable ? "loaded from " + Gemm.OpenBlas.LibraryName : "not loadable")}, backend {Gemm.Backend}.");
        Assert.Equal(expected, Gemm.Backend);
    }

    [Fact]
    public void Generated_layers_products_run_on_the_managed_kernel_with_AVX512_unless_EDU_BLAS_asks_for_openblas()
    {
        string? asked = Environment.GetEnvironmentVariable("EDU_BLAS");
        bool openblasAsked = string.Equals(asked, "openblas", StringComparison.OrdinalIgnoreCase);
        bool managed = Gemm.Backend == "managed" || (System.Runtime.Intrinsics.X86.Avx512F.IsSupported && !openblasAsked);
        output.WriteLine($"EDU_BLAS={asked ?? "(unset)"}, AVX-512 {System.Runtime.Intrinsics.X86.Avx512F.IsSupported}, layers on {Gemm.LayerBackend}.");
        Assert.Equal(managed ? "managed" : "openblas", Gemm.LayerBackend);
    }
}
