using Edu.Sdk.Tensors;
using FsCheck;
using FsCheck.Fluent;
using static Edu.Sdk.torch;
using F = Edu.Sdk.torch.nn.functional;

namespace Edu.Sdk.Tests.Tensors;

/// <summary>
/// conv2d, max_pool2d and adaptive_max_pool2d against naive loops written here in double precision, the
/// im2col/col2im adjoint identity the backward will rely on, and the shape errors students will meet.
/// </summary>
[Trait("Category", "Tensors")]
public class ConvTests
{
    // ---------- references ----------

    /// <summary>The textbook 7-loop convolution (cross-correlation) with zero padding, in double.</summary>
    static double[] NaiveConv(double[] x, int n, int c, int h, int w, double[] wt, int o, int kh, int kw,
        double[]? b, int sh, int sw, int ph, int pw, out int oh, out int ow)
    {
        oh = (h + 2 * ph - kh) / sh + 1;
        ow = (w + 2 * pw - kw) / sw + 1;
        var y = new double[n * o * oh * ow];
        for (int i = 0; i < n; i++)
            for (int oc = 0; oc < o; oc++)
                for (int r = 0; r < oh; r++)
                    for (int q = 0; q < ow; q++)
                    {
                        double s = b is null ? 0 : b[oc];
                        for (int ic = 0; ic < c; ic++)
                            for (int u = 0; u < kh; u++)
                                for (int v = 0; v < kw; v++)
                                {
                                    int ih = r * sh - ph + u, iw = q * sw - pw + v;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                    s += wt[((oc * c + ic) * kh + u) * kw + v] * x[((i * c + ic) * h + ih) * w + iw];
                                }
                        y[((i * o + oc) * oh + r) * ow + q] = s;
                    }
        return y;
    }

    /// <summary>
    /// Max over explicit windows per plane: ties keep the first element in row-major order, the first NaN wins.
    /// </summary>
    static (double[] Values, long[] Indices) NaiveMaxPool(double[] x, int planes, int h, int w,
        Func<int, (int, int)> rowWindow, int oh, Func<int, (int, int)> colWindow, int ow)
    {
        var v = new double[planes * oh * ow];
        var ix = new long[planes * oh * ow];
        for (int p = 0; p < planes; p++)
            for (int r = 0; r < oh; r++)
                for (int q = 0; q < ow; q++)
                {
                    var (h0, h1) = rowWindow(r);
                    var (w0, w1) = colWindow(q);
                    double best = double.NegativeInfinity;
                    long at = -1;
                    for (int i = Math.Max(h0, 0); i < Math.Min(h1, h) && !double.IsNaN(best); i++)
                        for (int j = Math.Max(w0, 0); j < Math.Min(w1, w); j++)
                        {
                            double e = x[(p * h + i) * w + j];
                            if (at < 0 || e > best || double.IsNaN(e))
                            {
                                best = e; at = i * w + j;
                                if (double.IsNaN(e)) break;
                            }
                        }
                    v[(p * oh + r) * ow + q] = best;
                    ix[(p * oh + r) * ow + q] = at;
                }
        return (v, ix);
    }

    static (double[], long[]) NaiveMaxPool2d(double[] x, int planes, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw)
    {
        int oh = (h + 2 * ph - kh) / sh + 1, ow = (w + 2 * pw - kw) / sw + 1;
        return NaiveMaxPool(x, planes, h, w, r => (r * sh - ph, r * sh - ph + kh), oh, q => (q * sw - pw, q * sw - pw + kw), ow);
    }

    static (double[], long[]) NaiveAdaptive(double[] x, int planes, int h, int w, int oh, int ow) =>
        NaiveMaxPool(x, planes, h, w,
            r => ((int)Math.Floor((double)r * h / oh), (int)Math.Ceiling((double)(r + 1) * h / oh)), oh,
            q => ((int)Math.Floor((double)q * w / ow), (int)Math.Ceiling((double)(q + 1) * w / ow)), ow);

    // ---------- helpers ----------

    static double[] Random(int seed, int count, bool smallIntegers = false)
    {
        var r = new Random(seed);
        var a = new double[count];
        for (int i = 0; i < count; i++) a[i] = smallIntegers ? r.Next(0, 3) : r.NextDouble() * 2 - 1;
        return a;
    }

    static Tensor T(double[] data, ScalarType dtype, params long[] shape) => tensor(data, shape, dtype);

    /// <summary>The values as the tensor will hold them, so max pooling can be compared exactly in either dtype.</summary>
    static double[] AsStored(double[] data, ScalarType dtype) =>
        dtype == float32 ? data.Select(v => (double)(float)v).ToArray() : data;

    static double[] Values(Tensor t) => t.to(float64).data<double>().ToArray();

    static void AssertClose(double[] expected, Tensor actual, double tol, string what = "")
    {
        var got = Values(actual);
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < got.Length; i++)
        {
            double e = expected[i], g = got[i];
            if (double.IsNaN(e)) { Assert.True(double.IsNaN(g), $"{what} [{i}]: expected NaN, got {g}"); continue; }
            Assert.True(Math.Abs(e - g) <= tol * (1 + Math.Abs(e)), $"{what} [{i}]: expected {e}, got {g}");
        }
    }

    static double Tol(ScalarType dt) => dt == float32 ? 1e-5 : 1e-12;

    public static TheoryData<ScalarType> Dtypes => new() { float32, float64 };

    // ---------- conv2d ----------

    [Fact]
    public void Conv2d_hand_computed_example()
    {
        // x = [[1,2,3],[4,5,6],[7,8,9]], w = [[1,2],[3,4]]: y[0,0] = 1·1 + 2·2 + 3·4 + 4·5 = 37, and so on.
        var x = tensor(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, [1, 1, 3, 3]);
        var w = tensor(new double[] { 1, 2, 3, 4 }, [1, 1, 2, 2]);
        var y = F.conv2d(x, w);
        Assert.Equal(new long[] { 1, 1, 2, 2 }, y.shape);
        Assert.Equal(new double[] { 37, 47, 67, 77 }, Values(y));

        // With bias 0.5: every output moves by 0.5.
        Assert.Equal(new double[] { 37.5, 47.5, 67.5, 77.5 }, Values(F.conv2d(x, w, tensor(new double[] { 0.5 }))));

        // Padding 1, stride 2: windows start at (−1,−1), (−1,1), (1,−1), (1,1) of the zero-padded 5×5 input.
        // y[0,0] = 4·1; y[0,1] = 3·2 + 4·3; y[1,0] = 2·4 + 4·7; y[1,1] = 1·5 + 2·6 + 3·8 + 4·9.
        Assert.Equal(new double[] { 4, 18, 36, 77 }, Values(F.conv2d(x, w, null, stride: 2, padding: 1)));

        // Two input channels, two filters: filter 0 sums channel 0 (all ones), filter 1 is channel 1 minus channel 0.
        var x2 = tensor(new double[] { 1, 2, 3, 4, /* c1 */ 10, 20, 30, 40 }, [1, 2, 2, 2]);
        var w2 = tensor(new double[] { 1, 1, 1, 1, 0, 0, 0, 0, /* o1 */ -1, 0, 0, 0, 1, 0, 0, 0 }, [2, 2, 2, 2]);
        var y2 = torch.conv2d(x2, w2);
        Assert.Equal(new long[] { 1, 2, 1, 1 }, y2.shape);
        Assert.Equal(new double[] { 10, 9 }, Values(y2));
    }

    [Theory]
    [MemberData(nameof(Dtypes))]
    public void Conv2d_matches_naive_loops_over_strides_paddings_kernels(ScalarType dtype)
    {
        const int n = 2, c = 3, h = 7, w = 6, o = 4;
        var xs = Random(1, n * c * h * w);
        int seed = 10;
        foreach (var (kh, kw) in new[] { (1, 1), (2, 3), (3, 3), (5, 5), (3, 1) })
            for (int sh = 1; sh <= 2; sh++)
                for (int sw = 1; sw <= 2; sw++)
                    for (int ph = 0; ph <= 2; ph++)
                        for (int pw = 0; pw <= 2; pw++)
                            foreach (bool withBias in new[] { false, true })
                            {
                                // 1×1, stride 1, padding 0 takes the no-im2col path (the column matrix is the image).
                                var ws = Random(seed++, o * c * kh * kw);
                                var bs = withBias ? Random(seed++, o) : null;
                                var expected = NaiveConv(xs, n, c, h, w, ws, o, kh, kw, bs, sh, sw, ph, pw, out int oh, out int ow);
                                var y = F.conv2d(T(xs, dtype, n, c, h, w), T(ws, dtype, o, c, kh, kw),
                                    bs is null ? null : T(bs, dtype, o), (sh, sw), (ph, pw));
                                Assert.Equal(dtype, y.dtype);
                                Assert.Equal(new long[] { n, o, oh, ow }, y.shape);
                                AssertClose(expected, y, Tol(dtype), $"k{kh}x{kw} s{sh}x{sw} p{ph}x{pw} bias={withBias}");
                            }
    }

    [Fact]
    public void Conv2d_overloads_agree()
    {
        var x = T(Random(3, 2 * 2 * 6 * 6), float32, 2, 2, 6, 6);
        var w = T(Random(4, 3 * 2 * 3 * 3), float32, 3, 2, 3, 3);
        var b = T(Random(5, 3), float32, 3);
        var a = F.conv2d(x, w, b, 2, 1);
        AssertClose(Values(a), F.conv2d(x, w, b, (2, 2), (1, 1)), 0);
        AssertClose(Values(a), F.conv2d(x, w, b, [2], [1]), 0);
        AssertClose(Values(a), F.conv2d(x, w, b, [2, 2], [1, 1]), 0);
        AssertClose(Values(a), torch.conv2d(x, w, b, 2, 1), 0);
        AssertClose(Values(F.conv2d(x, w)), F.conv2d(x, w, null, (long[]?)null), 0);
    }

    [Theory]
    [MemberData(nameof(Dtypes))]
    public void Conv2d_accepts_a_3d_input_as_a_batch_of_one(ScalarType dtype)
    {
        var xs = Random(6, 3 * 5 * 5);
        var w = T(Random(7, 2 * 3 * 3 * 3), dtype, 2, 3, 3, 3);
        var y3 = F.conv2d(T(xs, dtype, 3, 5, 5), w, null, 1, 1);
        var y4 = F.conv2d(T(xs, dtype, 1, 3, 5, 5), w, null, 1, 1);
        Assert.Equal(new long[] { 2, 5, 5 }, y3.shape);
        AssertClose(Values(y4), y3, 0);
    }

    [Theory]
    [MemberData(nameof(Dtypes))]
    public void Conv2d_large_batch_runs_in_parallel_and_matches(ScalarType dtype)
    {
        // Large enough (n·O·K·L ≈ 1.8 M multiply-adds) to take the parallel path.
        const int n = 8, c = 8, h = 16, w = 16, o = 16, k = 3;
        var xs = Random(8, n * c * h * w);
        var ws = Random(9, o * c * k * k);
        var bs = Random(10, o);
        var expected = NaiveConv(xs, n, c, h, w, ws, o, k, k, bs, 1, 1, 0, 0, out _, out _);
        AssertClose(expected, F.conv2d(T(xs, dtype, n, c, h, w), T(ws, dtype, o, c, k, k), T(bs, dtype, o)), Tol(dtype) * 10);
    }

    record ConvCase(int N, int C, int H, int W, int O, int KH, int KW, int SH, int SW, int PH, int PW, bool Bias, int Seed)
    {
        public override string ToString() =>
            $"x {N}x{C}x{H}x{W}, w {O}x{C}x{KH}x{KW}, stride {SH}x{SW}, padding {PH}x{PW}, bias {Bias}, seed {Seed}";
    }

    static readonly Gen<ConvCase> ConvCases =
        from n in Gen.Choose(1, 3)
        from c in Gen.Choose(1, 3)
        from h in Gen.Choose(1, 8)
        from w in Gen.Choose(1, 8)
        from o in Gen.Choose(1, 4)
        from ph in Gen.Choose(0, 2)
        from pw in Gen.Choose(0, 2)
        from kh in Gen.Choose(1, Math.Min(4, h + 2 * ph))
        from kw in Gen.Choose(1, Math.Min(4, w + 2 * pw))
        from sh in Gen.Choose(1, 3)
        from sw in Gen.Choose(1, 3)
        from bias in Gen.Elements(true, false)
        from seed in Gen.Choose(0, 1_000_000)
        select new ConvCase(n, c, h, w, o, kh, kw, sh, sw, ph, pw, bias, seed);

    [Fact]
    public void Conv2d_property_matches_naive_loops_on_random_small_shapes()
    {
        Prop.ForAll(ConvCases.ToArbitrary(), k =>
        {
            var xs = Random(k.Seed, k.N * k.C * k.H * k.W);
            var ws = Random(k.Seed + 1, k.O * k.C * k.KH * k.KW);
            var bs = k.Bias ? Random(k.Seed + 2, k.O) : null;
            var expected = NaiveConv(xs, k.N, k.C, k.H, k.W, ws, k.O, k.KH, k.KW, bs, k.SH, k.SW, k.PH, k.PW, out _, out _);
            foreach (var dt in new[] { float32, float64 })
            {
                var y = F.conv2d(T(xs, dt, k.N, k.C, k.H, k.W), T(ws, dt, k.O, k.C, k.KH, k.KW),
                    bs is null ? null : T(bs, dt, k.O), (k.SH, k.SW), (k.PH, k.PW));
                AssertClose(expected, y, Tol(dt), k.ToString());
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    // ---------- im2col / col2im ----------

    static readonly Gen<(Conv2dGeometry G, int Seed)> Geometries =
        from c in Gen.Choose(1, 3)
        from h in Gen.Choose(1, 7)
        from w in Gen.Choose(1, 7)
        from ph in Gen.Choose(0, 2)
        from pw in Gen.Choose(0, 2)
        from kh in Gen.Choose(1, Math.Min(4, h + 2 * ph))
        from kw in Gen.Choose(1, Math.Min(4, w + 2 * pw))
        from sh in Gen.Choose(1, 3)
        from sw in Gen.Choose(1, 3)
        from seed in Gen.Choose(0, 1_000_000)
        select (new Conv2dGeometry(c, h, w, kh, kw, sh, sw, ph, pw), seed);

    [Fact]
    public void Col2Im_is_the_adjoint_of_Im2Col()
    {
        // ⟨Im2Col(x), y⟩ = ⟨x, Col2Im(y)⟩: Col2Im is the transpose of the linear map Im2Col, i.e. the backward's scatter.
        Prop.ForAll(Geometries.ToArbitrary(), t =>
        {
            var g = t.G;
            var x = Random(t.Seed, g.ImageSize);
            var y = Random(t.Seed + 1, g.K * g.L);
            var col = new double[g.K * g.L];
            g.Im2Col<double>(x, col);
            var back = new double[g.ImageSize];
            g.Col2Im<double>(y, back);
            double lhs = 0, rhs = 0;
            for (int i = 0; i < col.Length; i++) lhs += col[i] * y[i];
            for (int i = 0; i < x.Length; i++) rhs += x[i] * back[i];
            Assert.True(Math.Abs(lhs - rhs) <= 1e-9 * (1 + Math.Abs(lhs)), $"{g}: <Im2Col(x), y> = {lhs}, <x, Col2Im(y)> = {rhs}");
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Im2Col_layout_is_one_row_per_weight_element_and_one_column_per_output_pixel()
    {
        // x = [[1,2,3],[4,5,6],[7,8,9]], 2×2 kernel, stride 1, padding 0: rows are (i,j) = (0,0) (0,1) (1,0) (1,1).
        var g = new Conv2dGeometry(1, 3, 3, 2, 2, 1, 1, 0, 0);
        var col = new double[g.K * g.L];
        g.Im2Col<double>(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, col);
        Assert.Equal(new double[] { 1, 2, 4, 5, /**/ 2, 3, 5, 6, /**/ 4, 5, 7, 8, /**/ 5, 6, 8, 9 }, col);

        // Col2Im of all ones counts how many windows read each pixel.
        var counts = new double[9];
        g.Col2Im<double>(Enumerable.Repeat(1.0, g.K * g.L).ToArray(), counts);
        Assert.Equal(new double[] { 1, 2, 1, 2, 4, 2, 1, 2, 1 }, counts);
    }

    // ---------- max_pool2d ----------

    [Theory]
    [MemberData(nameof(Dtypes))]
    public void Max_pool2d_matches_naive_loops_with_indices(ScalarType dtype)
    {
        int seed = 20;
        foreach (var (h, w) in new[] { (4, 4), (7, 7), (5, 8), (1, 3) })
            foreach (var (kh, kw) in new[] { (1, 1), (2, 2), (3, 2), (3, 3) })
                foreach (var (sh, sw) in new[] { (0, 0), (1, 1), (2, 1), (3, 3) })  // (0, 0): stride = kernel
                    for (int p = 0; p <= 1; p++)
                        foreach (bool ties in new[] { false, true })
                        {
                            int ph = Math.Min(p, kh / 2), pw = Math.Min(p, kw / 2);
                            if (kh > h + 2 * ph || kw > w + 2 * pw) continue;
                            int ssh = sh == 0 ? kh : sh, ssw = sw == 0 ? kw : sw;
                            var xs = AsStored(Random(seed++, 2 * 3 * h * w, smallIntegers: ties), dtype);
                            var (ev, ei) = NaiveMaxPool2d(xs, 6, h, w, kh, kw, ssh, ssw, ph, pw);
                            var x = T(xs, dtype, 2, 3, h, w);
                            var (v, i) = F.max_pool2d_with_indices(x, (kh, kw), sh == 0 ? null : (sh, sw), (ph, pw));
                            string what = $"{h}x{w} k{kh}x{kw} s{ssh}x{ssw} p{ph}x{pw} ties={ties}";
                            AssertClose(ev, v, 0, what);
                            Assert.Equal(int64, i.dtype);
                            Assert.Equal(v.shape, i.shape);
                            Assert.Equal(ei, i.data<long>().ToArray());
                            AssertClose(ev, F.max_pool2d(x, (kh, kw), sh == 0 ? null : (sh, sw), (ph, pw)), 0, what);
                        }
    }

    [Fact]
    public void Max_pool2d_overloads_and_3d_input()
    {
        var xs = Random(30, 3 * 6 * 6);
        var x = T(xs, float32, 1, 3, 6, 6);
        var a = F.max_pool2d(x, 2);
        Assert.Equal(new long[] { 1, 3, 3, 3 }, a.shape);
        AssertClose(Values(a), F.max_pool2d(x, (2, 2)), 0);
        AssertClose(Values(a), F.max_pool2d(x, [2]), 0);
        AssertClose(Values(a), F.max_pool2d(x, [2, 2], [2, 2], [0, 0]), 0);
        var a3 = F.max_pool2d(T(xs, float32, 3, 6, 6), 2);
        Assert.Equal(new long[] { 3, 3, 3 }, a3.shape);
        AssertClose(Values(a), a3, 0);
        Assert.Equal(new long[] { 1, 3, 5, 5 }, F.max_pool2d(x, 2, stride: 1).shape);
    }

    [Fact]
    public void Max_pool2d_ties_return_the_first_index()
    {
        var x = zeros(1, 1, 4, 4, float64);
        var (v, i) = F.max_pool2d_with_indices(x, (2, 2));
        Assert.Equal(new double[] { 0, 0, 0, 0 }, Values(v));
        Assert.Equal(new long[] { 0, 2, 8, 10 }, i.data<long>().ToArray());

        // Two equal maxima in one window: the first in row-major order.
        var y = tensor(new double[] { 1, 5, 5, 2 }, [1, 1, 2, 2]);
        Assert.Equal(1L, F.max_pool2d_with_indices(y, (2, 2)).Indices.data<long>()[0]);
    }

    [Theory]
    [MemberData(nameof(Dtypes))]
    public void Max_pool2d_propagates_NaN(ScalarType dtype)
    {
        var xs = Random(31, 4 * 4);
        xs[5] = double.NaN;              // window (0, 0), not its first element
        xs[10] = double.NaN; xs[15] = double.NaN; // two NaNs in window (1, 1): the first is reported
        var (v, i) = F.max_pool2d_with_indices(T(xs, dtype, 1, 1, 4, 4), (2, 2));
        var got = Values(v);
        Assert.True(double.IsNaN(got[0]));
        Assert.False(double.IsNaN(got[1]) || double.IsNaN(got[2]));
        Assert.True(double.IsNaN(got[3]));
        Assert.Equal(5L, i.data<long>()[0]);
        Assert.Equal(10L, i.data<long>()[3]);
    }

    [Theory]
    [MemberData(nameof(Dtypes))]
    public void Max_pool2d_large_input_runs_in_parallel_and_matches(ScalarType dtype)
    {
        var xs = AsStored(Random(32, 8 * 32 * 32 * 32), dtype);
        var (ev, ei) = NaiveMaxPool2d(xs, 8 * 32, 32, 32, 2, 2, 2, 2, 0, 0);
        var (v, i) = F.max_pool2d_with_indices(T(xs, dtype, 8, 32, 32, 32), (2, 2));
        AssertClose(ev, v, 0);
        Assert.Equal(ei, i.data<long>().ToArray());
    }

    // ---------- adaptive_max_pool2d ----------

    [Fact]
    public void Adaptive_windows_follow_floor_and_ceil()
    {
        var win = PoolWindows.Adaptive(7, 4);
        Assert.Equal(new[] { 0, 1, 3, 5 }, Starts(win));
        Assert.Equal(new[] { 2, 4, 6, 7 }, Ends(win));
        var up = PoolWindows.Adaptive(3, 4); // more outputs than inputs: windows repeat, never empty
        Assert.Equal(new[] { 0, 0, 1, 2 }, Starts(up));
        Assert.Equal(new[] { 1, 2, 3, 3 }, Ends(up));
    }

    [Fact]
    public void Regular_windows_are_clipped_to_the_input()
    {
        // size 5, kernel 3, stride 2, padding 1: outputs ⌊(5 + 2 − 3) / 2⌋ + 1 = 3, windows [−1, 2) [1, 4) [3, 6) clipped.
        var win = PoolWindows.Regular(5, 3, 2, 1);
        Assert.Equal(3, win.Count);
        Assert.Equal(new[] { 0, 1, 3 }, Starts(win));
        Assert.Equal(new[] { 2, 4, 5 }, Ends(win));
    }

    static int[] Starts(PoolWindows w) => [.. Enumerable.Range(0, w.Count).Select(w.Start)];

    static int[] Ends(PoolWindows w) => [.. Enumerable.Range(0, w.Count).Select(w.End)];

    [Theory]
    [MemberData(nameof(Dtypes))]
    public void Adaptive_max_pool2d_matches_naive_loops_with_indices(ScalarType dtype)
    {
        int seed = 40;
        // 40×40 → 2×2 has 20-wide window rows: the TensorPrimitives path.
        foreach (var (h, w, oh, ow) in new[] { (7, 7, 4, 4), (8, 8, 4, 4), (5, 5, 4, 4), (3, 5, 4, 4), (32, 32, 4, 4),
                     (9, 6, 4, 3), (40, 40, 2, 2), (1, 1, 1, 1), (6, 40, 1, 3) })
            foreach (bool ties in new[] { false, true })
            {
                var xs = AsStored(Random(seed++, 2 * 2 * h * w, smallIntegers: ties), dtype);
                var (ev, ei) = NaiveAdaptive(xs, 4, h, w, oh, ow);
                var x = T(xs, dtype, 2, 2, h, w);
                var (v, i) = F.adaptive_max_pool2d_with_indices(x, (oh, ow));
                string what = $"{h}x{w} -> {oh}x{ow} ties={ties}";
                Assert.Equal(new long[] { 2, 2, oh, ow }, v.shape);
                AssertClose(ev, v, 0, what);
                Assert.Equal(ei, i.data<long>().ToArray());
                AssertClose(ev, F.adaptive_max_pool2d(x, (oh, ow)), 0, what);
                AssertClose(ev, F.adaptive_max_pool2d(x, [oh, ow]), 0, what);
            }
    }

    [Fact]
    public void Adaptive_max_pool2d_overloads_3d_input_and_NaN()
    {
        var xs = Random(50, 3 * 40 * 40);
        xs[3 * 40 + 25] = double.NaN; // plane 0, row 3, column 25: output (0, 1) of 2×2, inside a 20-wide row
        xs[7 * 40 + 30] = double.NaN; // a later NaN in the same window
        xs[40 * 40 + 41] = double.NaN; // plane 1, row 1, column 1: output (0, 0)
        var x3 = T(xs, float32, 3, 40, 40);
        var (v, i) = F.adaptive_max_pool2d_with_indices(x3, (2, 2));
        Assert.Equal(new long[] { 3, 2, 2 }, v.shape);
        var got = Values(v);
        Assert.True(double.IsNaN(got[1]));
        Assert.Equal(3L * 40 + 25, i.data<long>()[1]);
        Assert.True(double.IsNaN(got[4]));
        Assert.Equal(41L, i.data<long>()[4]);
        Assert.Equal(1, got.Count(double.IsNaN) - 1);
        AssertClose(got, F.adaptive_max_pool2d(x3, 2), 0);
        AssertClose(got, F.adaptive_max_pool2d(x3, [2]), 0);
    }

    // ---------- errors ----------

    static string Fails(Action a) => Assert.ThrowsAny<ArgumentException>(a).Message;

    [Fact]
    public void Conv2d_errors_name_the_op_and_the_shapes()
    {
        var x = randn(2, 3, 8, 8);
        Assert.Equal("conv2d: input must be 3-d (C, H, W) or 4-d (N, C, H, W), got shape (8x8).",
            Fails(() => F.conv2d(randn(8, 8), randn(16, 1, 3, 3))));
        Assert.Equal("conv2d: weight must be 4-d (out_channels, in_channels, kH, kW), got shape (16x3x3).",
            Fails(() => F.conv2d(x, randn(16, 3, 3))));
        Assert.StartsWith("conv2d: input has 3 channels but weight (16x1x3x3) expects 1",
            Fails(() => F.conv2d(x, randn(16, 1, 3, 3))));
        Assert.StartsWith("conv2d: kernel 5x5 is larger than the padded input 4x4",
            Fails(() => F.conv2d(randn(1, 1, 4, 4), randn(2, 1, 5, 5))));
        Assert.StartsWith("conv2d: kernel 5x5 is larger than the padded input 4x6",
            Fails(() => F.conv2d(randn(1, 1, 2, 4), randn(2, 1, 5, 5), null, (1, 1), (1, 1))));
        Assert.Equal("conv2d: stride must be positive, got 0x0.", Fails(() => F.conv2d(x, randn(4, 3, 3, 3), null, 0)));
        Assert.Equal("conv2d: stride must be positive, got 1x0.", Fails(() => F.conv2d(x, randn(4, 3, 3, 3), null, (1, 0))));
        Assert.Equal("conv2d: padding must be non-negative, got -1x-1.", Fails(() => F.conv2d(x, randn(4, 3, 3, 3), null, 1, -1)));
        Assert.Equal("conv2d: strides must have 1 or 2 elements (height, width), got 3: [1, 1, 1].",
            Fails(() => F.conv2d(x, randn(4, 3, 3, 3), null, [1, 1, 1])));
        Assert.StartsWith("conv2d: bias has shape (3) but weight (4x3x3x3) has 4 output channels",
            Fails(() => F.conv2d(x, randn(4, 3, 3, 3), randn(3))));
        Assert.StartsWith("conv2d: input is Float32 but weight is Float64",
            Fails(() => F.conv2d(x, randn(4, 3, 3, 3, float64))));
        Assert.StartsWith("conv2d: needs a Float32 or Float64 tensor, got Int64",
            Fails(() => F.conv2d(zeros(1, 1, 3, 3, int64), randn(1, 1, 1, 1))));
    }

    [Fact]
    public void Pooling_errors_name_the_op_and_the_shapes()
    {
        var x = randn(2, 3, 4, 4);
        Assert.Equal("max_pool2d: input must be 3-d (C, H, W) or 4-d (N, C, H, W), got shape (4x4).",
            Fails(() => F.max_pool2d(randn(4, 4), 2)));
        Assert.Equal("max_pool2d: stride must be positive, got 0x0.", Fails(() => F.max_pool2d(x, 2, 0)));
        Assert.Equal("max_pool2d: kernel_size must be positive, got 0x2.", Fails(() => F.max_pool2d(x, (0, 2))));
        Assert.Equal("max_pool2d: padding 2x2 is more than half the kernel 2x2.", Fails(() => F.max_pool2d(x, 2, 2, 2)));
        Assert.StartsWith("max_pool2d: kernel 5x5 is larger than the padded input 4x4",
            Fails(() => F.max_pool2d(x, 5)));
        Assert.Equal("adaptive_max_pool2d: input must be 3-d (C, H, W) or 4-d (N, C, H, W), got shape (2x3x4x4x1).",
            Fails(() => F.adaptive_max_pool2d(randn([2, 3, 4, 4, 1]), (4, 4))));
        Assert.Equal("adaptive_max_pool2d: output_size must be positive, got 0x4.",
            Fails(() => F.adaptive_max_pool2d(x, (0, 4))));
        Assert.StartsWith("adaptive_max_pool2d: input (2x3x0x4) has empty 0x4 planes",
            Fails(() => F.adaptive_max_pool2d(zeros([2, 3, 0, 4]), (4, 4))));
    }
}
