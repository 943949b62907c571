using Edu.Sdk.Tensors;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Layers;

/// <summary>
/// <c>cat</c> for generated layers: the forward joins its operands into the buffer of the result and records, under
/// the result's name, the dim and each operand's size along it; the backward copies each operand's slice of the
/// upstream gradient out by those sizes (narrow(dL/dy, dim, start, size)). The record is reused between steps.
/// </summary>
public sealed partial class LayerWorkspace
{
    sealed class CatLayout
    {
        public int Dim;
        public int[] Sizes = [];
    }

    readonly Dictionary<string, CatLayout> _cats = new(StringComparer.Ordinal);

    /// <summary><c>cat([tensors...], dim)</c>: the operands joined along <paramref name="dim"/>; all other sizes must match.</summary>
    public Tensor Cat(string name, long dim, params ReadOnlySpan<Tensor> tensors)
    {
        if (tensors.Length == 0) throw new ArgumentException($"{name}: cat needs at least one tensor.");
        var first = tensors[0];
        int d = Shape.NormalizeDim(name, dim, first.Dims);
        if (!_cats.TryGetValue(name, out var layout)) _cats[name] = layout = new CatLayout();
        if (layout.Sizes.Length != tensors.Length) layout.Sizes = new int[tensors.Length];
        layout.Dim = d;
        Span<int> dims = stackalloc int[first.dim()];
        first.Dims.CopyTo(dims);
        dims[d] = CatKernel.Total(name, tensors, d, "cat's tensor");
        for (int t = 0; t < tensors.Length; t++) layout.Sizes[t] = tensors[t].Dims[d];
        var r = Buffer(name, first.dtype, dims);
        CatKernel.Copy(tensors, d, r);
        return r;
    }

    /// <summary>
    /// The gradient of operand <paramref name="part"/> of the cat that computed <paramref name="cat"/> (by name):
    /// narrow(<paramref name="g"/>, dim, start, size), copied into a buffer of its own.
    /// </summary>
    public Tensor CatPart(string name, Tensor g, string cat, int part)
    {
        if (!_cats.TryGetValue(cat, out var layout) || part >= layout.Sizes.Length)
            throw new InvalidOperationException($"{name}: the cat '{cat}' has not run forward; run forward (in training mode) first.");
        int d = layout.Dim, start = 0, total = 0;
        for (int t = 0; t < layout.Sizes.Length; t++) { if (t < part) start += layout.Sizes[t]; total += layout.Sizes[t]; }
        if (g.dim() <= d || g.Dims[d] != total)
            throw new ArgumentException($"{name}: the gradient has shape ({g.ShapeText}) but the cat '{cat}' made {total} along dim {d}.");
        int size = layout.Sizes[part];
        Span<int> dims = stackalloc int[g.dim()];
        g.Dims.CopyTo(dims);
        dims[d] = size;
        var r = Buffer(name, g.dtype, dims);
        CatKernel.CopyPart(g, d, start, r);
        return r;
    }
}
