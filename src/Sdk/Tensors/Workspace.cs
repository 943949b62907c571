using Edu.Sdk.Tensors;

namespace Edu.Sdk;

/// <summary>
/// Named buffers reused across the steps of a hot loop: <c>Get("h1", 64, 300)</c> returns the same tensor every
/// step while the shape stays the same, and a new one when it changes (the last, smaller mini-batch), so
/// steady-state training allocates nothing. Contents are not cleared between calls.
/// </summary>
public sealed class Workspace
{
    readonly Dictionary<string, torch.Tensor> _buffers = new(StringComparer.Ordinal);

    /// <summary>The dtype of the buffers this workspace hands out.</summary>
    public ScalarType dtype { get; }

    /// <summary>A workspace of <paramref name="dtype"/> buffers (the default dtype when omitted).</summary>
    public Workspace(ScalarType? dtype = null) => this.dtype = dtype ?? torch.get_default_dtype();

    /// <summary>The buffer named <paramref name="name"/> with the given shape (uninitialised when newly made).</summary>
    public torch.Tensor Get(string name, params long[] shape)
    {
        if (_buffers.TryGetValue(name, out var t) && SameShape(t, shape)) return t;
        t = torch.empty(shape, dtype);
        _buffers[name] = t;
        return t;
    }

    static bool SameShape(torch.Tensor t, long[] shape)
    {
        var dims = t.Dims;
        if (dims.Length != shape.Length) return false;
        for (int i = 0; i < dims.Length; i++) if (dims[i] != shape[i]) return false;
        return true;
    }

    /// <summary>The number of buffers held.</summary>
    public int Count => _buffers.Count;

    /// <summary>Drops every buffer.</summary>
    public void Clear() => _buffers.Clear();
}
