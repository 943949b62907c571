using System.Numerics;
using System.Numerics.Tensors;

namespace Edu.Sdk.Tensors;

/// <summary>
/// The index bookkeeping of one 2-d convolution over a single image (C, H, W), shared by the forward and the
/// backward: output size, and the im2col layout that turns the convolution into one matrix product.
/// </summary>
/// <remarks>
/// <para>Output size, per axis: OH = ⌊(H + 2·PH − KH) / SH⌋ + 1 (and the same for W).</para>
/// <para>
/// The column matrix <c>col</c> is K×L, row-major, with K = C·KH·KW (one row per weight element) and L = OH·OW
/// (one column per output pixel):
/// <c>col[(c·KH + i)·KW + j, oh·OW + ow] = x[c, oh·SH − PH + i, ow·SW − PW + j]</c>, or 0 where that falls in the
/// padding. A weight of shape (O, C, KH, KW) is already the O×K matrix in row-major order, so for each image
/// <c>y (O×L) = w (O×K) · col (K×L)</c> and y is the (O, OH, OW) output in place.
/// </para>
/// <para>
/// The backward reuses this layout: dW += dY (O×L) · colᵀ (L×K); dX = Col2Im(wᵀ (K×O) · dY (O×L)); db = Σ dY over
/// images and pixels. <see cref="Col2Im{T}"/> is the adjoint of <see cref="Im2Col{T}"/>:
/// ⟨Im2Col(x), y⟩ = ⟨x, Col2Im(y)⟩ for all x, y (tested), which is exactly what the chain rule needs.
/// </para>
/// </remarks>
internal readonly record struct Conv2dGeometry(int C, int H, int W, int KH, int KW, int SH, int SW, int PH, int PW)
{
    /// <summary>Output height: ⌊(H + 2·PH − KH) / SH⌋ + 1.</summary>
    public int OH => (H + 2 * PH - KH) / SH + 1;

    /// <summary>Output width: ⌊(W + 2·PW − KW) / SW⌋ + 1.</summary>
    public int OW => (W + 2 * PW - KW) / SW + 1;

    /// <summary>Rows of the column matrix: one per weight element of one output channel, C·KH·KW.</summary>
    public int K => C * KH * KW;

    /// <summary>Columns of the column matrix: one per output pixel, OH·OW.</summary>
    public int L => OH * OW;

    /// <summary>Elements of one input image, C·H·W.</summary>
    public int ImageSize => C * H * W;

    /// <summary>
    /// A 1×1 kernel with stride 1 and no padding: the column matrix is the image itself (C×HW), so no copy is needed.
    /// </summary>
    public bool ColIsImage => KH == 1 && KW == 1 && SH == 1 && SW == 1 && PH == 0 && PW == 0;

    /// <summary>
    /// Checks the sizes and builds the geometry. <paramref name="input"/> is (N, C, H, W), <paramref name="weight"/>
    /// (O, C, KH, KW); both ranks were checked by the caller. Messages name the op and the shapes, the input's as the
    /// caller was given it (<paramref name="shown"/>: a 3-d image before it became a batch of one), written only when
    /// one is thrown, so that a training step's convolutions allocate nothing.
    /// </summary>
    public static Conv2dGeometry Create(string op, ReadOnlySpan<int> input, ReadOnlySpan<int> weight,
        (int H, int W) stride, (int H, int W) padding, torch.Tensor shown)
    {
        if (stride.H <= 0 || stride.W <= 0)
            throw new ArgumentException($"{op}: stride must be positive, got {stride.H}x{stride.W}.");
        if (padding.H < 0 || padding.W < 0)
            throw new ArgumentException($"{op}: padding must be non-negative, got {padding.H}x{padding.W}.");
        int c = input[1], h = input[2], w = input[3];
        if (weight[1] != c)
            throw new ArgumentException(
                $"{op}: input has {c} channels but weight ({Shape.Format(weight)}) expects {weight[1]} (input shape {shown.ShapeText}).");
        int kh = weight[2], kw = weight[3];
        if (kh == 0 || kw == 0)
            throw new ArgumentException($"{op}: weight ({Shape.Format(weight)}) has an empty kernel {kh}x{kw}.");
        long ph = h + 2L * padding.H, pw = w + 2L * padding.W;
        if (kh > ph || kw > pw)
            throw new ArgumentException(
                $"{op}: kernel {kh}x{kw} is larger than the padded input {ph}x{pw} (input shape {shown.ShapeText}, padding {padding.H}x{padding.W}).");
        return new Conv2dGeometry(c, h, w, kh, kw, stride.H, stride.W, padding.H, padding.W);
    }

    /// <summary>
    /// The output columns [lo, hi) whose input column ow·s − p + j lies inside [0, size): the rest read padding.
    /// </summary>
    static (int Lo, int Hi) ValidRange(int j, int size, int s, int p, int outSize)
    {
        // ow·s − p + j ≥ 0  ⇔  ow ≥ ⌈(p − j) / s⌉;   ow·s − p + j ≤ size − 1  ⇔  ow ≤ ⌊(size − 1 + p − j) / s⌋.
        int first = p - j;
        int lo = first <= 0 ? 0 : (first + s - 1) / s;
        int last = size - 1 + p - j;
        int hi = last < 0 ? 0 : Math.Min(outSize, last / s + 1);
        return (Math.Min(lo, hi), hi);
    }

    /// <summary>Fills the K×L column matrix <paramref name="col"/> from one (C, H, W) image (see the type's remarks).</summary>
    public void Im2Col<T>(ReadOnlySpan<T> image, Span<T> col) where T : unmanaged, INumberBase<T>
    {
        int oh = OH, ow = OW, l = L;
        for (int c = 0; c < C; c++)
            for (int i = 0; i < KH; i++)
                for (int j = 0; j < KW; j++)
                {
                    var row = col.Slice(((c * KH + i) * KW + j) * l, l);
                    var (lo, hi) = ValidRange(j, W, SW, PW, ow);
                    for (int y = 0; y < oh; y++)
                    {
                        var dst = row.Slice(y * ow, ow);
                        int ih = y * SH - PH + i;
                        if ((uint)ih >= (uint)H) { dst.Clear(); continue; }
                        dst[..lo].Clear();
                        dst[hi..].Clear();
                        var src = image.Slice((c * H + ih) * W, W);
                        int start = lo * SW - PW + j;
                        if (SW == 1) src.Slice(start, hi - lo).CopyTo(dst[lo..hi]);
                        else
                            for (int x = lo, at = start; x < hi; x++, at += SW) dst[x] = src[at];
                    }
                }
    }

    /// <summary>
    /// The adjoint of <see cref="Im2Col{T}"/>: adds every entry of the K×L matrix <paramref name="col"/> into the image
    /// pixel it was read from (padding entries are dropped). Accumulates: clear <paramref name="image"/> first for a
    /// plain result. Overlapping windows (stride smaller than the kernel) add up, as the chain rule requires.
    /// </summary>
    public void Col2Im<T>(ReadOnlySpan<T> col, Span<T> image) where T : unmanaged, INumberBase<T>
    {
        int oh = OH, ow = OW, l = L;
        for (int c = 0; c < C; c++)
            for (int i = 0; i < KH; i++)
                for (int j = 0; j < KW; j++)
                {
                    var row = col.Slice(((c * KH + i) * KW + j) * l, l);
                    var (lo, hi) = ValidRange(j, W, SW, PW, ow);
                    for (int y = 0; y < oh; y++)
                    {
                        int ih = y * SH - PH + i;
                        if ((uint)ih >= (uint)H) continue;
                        var src = row.Slice(y * ow, ow);
                        var dst = image.Slice((c * H + ih) * W, W);
                        int start = lo * SW - PW + j;
                        if (SW == 1)
                        {
                            var d = dst.Slice(start, hi - lo);
                            TensorPrimitives.Add(d, src[lo..hi], d);
                        }
                        else
                            for (int x = lo, at = start; x < hi; x++, at += SW) dst[at] += src[x];
                    }
                }
    }
}
