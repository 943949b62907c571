using System.Globalization;
using Edu.Sdk.Nn;

namespace Edu.Sdk.Optim;

/// <summary>
/// Reads an optimizer state dictionary, checking each entry as it is read and remembering which keys were read,
/// so that unknown keys (a typo, another optimizer's state) are refused instead of silently ignored.
/// </summary>
internal sealed class StateReader(string optimizer, IReadOnlyDictionary<string, torch.Tensor> state, Parameter[] parameters)
{
    readonly HashSet<string> _read = new(StringComparer.Ordinal);

    /// <summary>A floating 0-d hyper-parameter.</summary>
    public double Double(string key)
    {
        var t = Scalar(key);
        if (!t.dtype.IsFloatingPoint())
            throw Error($"'{key}' must be a floating-point value, got {t.dtype}");
        return t.ToDouble();
    }

    /// <summary>A Bool 0-d flag.</summary>
    public bool Bool(string key)
    {
        var t = Scalar(key);
        if (t.dtype != ScalarType.Bool) throw Error($"'{key}' must be a Bool, got {t.dtype}");
        return t.item<bool>();
    }

    /// <summary>True when any <c>state.{index}.</c> entry exists for parameter <paramref name="index"/>.</summary>
    public bool HasState(int index)
    {
        string prefix = Prefix(index);
        foreach (var k in state.Keys) if (k.StartsWith(prefix, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>The step count of parameter <paramref name="index"/> (an Int64 scalar, at least 1).</summary>
    public long Step(int index)
    {
        string key = Prefix(index) + "step";
        var t = Scalar(key);
        if (t.dtype != ScalarType.Int64) throw Error($"'{key}' must be an Int64, got {t.dtype}");
        long step = t.item<long>();
        if (step < 1) throw Error($"'{key}' is {step}; a stored step count is at least 1");
        return step;
    }

    /// <summary>The buffer <c>state.{index}.{name}</c>, which must match parameter <paramref name="index"/> in dtype and shape.</summary>
    public torch.Tensor Buffer(int index, string name)
    {
        string key = Prefix(index) + name;
        var t = Get(key);
        var p = parameters[index];
        if (t.dtype != p.dtype || !t.Dims.SequenceEqual(p.Dims))
            throw Error($"'{key}' is {t.dtype} ({t.ShapeText}) but parameter {index} is {p.dtype} ({p.ShapeText})");
        return t;
    }

    /// <summary>Refuses keys nobody read: they belong to another optimizer, another model or a typo.</summary>
    public void RejectUnread()
    {
        var unknown = state.Keys.Where(k => !_read.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0) return;
        string hint = unknown.Any(k => k.StartsWith("state.", StringComparison.Ordinal))
            ? $" (this optimizer has {parameters.Length} parameters, indexed from 0)"
            : "";
        throw Error($"unexpected entries {string.Join(", ", unknown.Select(k => $"'{k}'"))}{hint}");
    }

    torch.Tensor Scalar(string key)
    {
        var t = Get(key);
        if (t.dim() != 0) throw Error($"'{key}' must be a 0-d tensor, got shape ({t.ShapeText})");
        return t;
    }

    torch.Tensor Get(string key)
    {
        if (!state.TryGetValue(key, out var t) || t is null) throw Error($"'{key}' is missing");
        _read.Add(key);
        return t;
    }

    static string Prefix(int index) => "state." + index.ToString(CultureInfo.InvariantCulture) + ".";

    ArgumentException Error(string what) =>
        new($"{optimizer}.load_state_dict: {what}. Nothing was loaded.", nameof(state));
}
