using System.Collections;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Nn;

/// <summary>
/// Modules applied one after the other: forward(x) = mₖ(…m₂(m₁(x))). Children are named by position (<c>0</c>,
/// <c>1</c>, ...) or by the names given, so parameters are <c>0.weight</c>, <c>0.bias</c>, ...
/// </summary>
public class Sequential : Module<Tensor, Tensor>, IReadOnlyList<Module<Tensor, Tensor>>
{
    [SkipDiscovery] readonly List<string> _names = [];
    [SkipDiscovery] readonly List<Module<Tensor, Tensor>> _modules = [];

    /// <summary>The modules in order, named 0, 1, ...</summary>
    public Sequential(IEnumerable<Module<Tensor, Tensor>> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var m in modules) append(m);
    }

    /// <summary>The modules in order, under the given names (non-empty, distinct, without dots).</summary>
    public Sequential(IEnumerable<(string name, Module<Tensor, Tensor> module)> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var (name, m) in modules) append(name, m);
    }

    /// <summary>Adds <paramref name="module"/> at the end, named by its position.</summary>
    public Sequential append(Module<Tensor, Tensor> module) => append(_modules.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);

    /// <summary>Adds <paramref name="module"/> at the end under <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty, has a dot, or is taken.</exception>
    public Sequential append(string name, Module<Tensor, Tensor> module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (string.IsNullOrEmpty(name) || name.Contains('.', StringComparison.Ordinal))
            throw new ArgumentException($"Sequential: a module name must be non-empty and contain no dot, got '{name}'.", nameof(name));
        if (_names.Contains(name))
            throw new ArgumentException($"Sequential: two modules are named '{name}'; names must be distinct.", nameof(name));
        if (ReferenceEquals(module, this))
            throw new ArgumentException("Sequential: a Sequential cannot contain itself.", nameof(module));
        _names.Add(name);
        _modules.Add(module);
        return this;
    }

    /// <summary>The number of modules.</summary>
    public int Count => _modules.Count;

    /// <summary>The module at <paramref name="index"/>.</summary>
    public Module<Tensor, Tensor> this[int index] => _modules[index];

    /// <summary>Runs the modules in order (a plain loop: nothing is allocated beyond what the modules allocate).</summary>
    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (int i = 0; i < _modules.Count; i++) x = _modules[i].forward(x);
        return x;
    }

    /// <summary>The modules in order.</summary>
    public IEnumerator<Module<Tensor, Tensor>> GetEnumerator() => _modules.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal override void CollectChildren(List<(string Name, Module Module)> into)
    {
        for (int i = 0; i < _modules.Count; i++) into.Add((_names[i], _modules[i]));
        base.CollectChildren(into);
    }
}
