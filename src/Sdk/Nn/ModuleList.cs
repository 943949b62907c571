using System.Collections;

namespace Edu.Sdk.Nn;

/// <summary>
/// A list of modules whose parameters belong to the module holding it, named by position (<c>layers.0.weight</c>).
/// It has no forward: loop over it in your own. (A plain array or <c>List&lt;T&gt;</c> field is discovered the
/// same way; this type exists for TorchSharp and PyTorch code.)
/// </summary>
/// <typeparam name="T">The element type, e.g. <see cref="Linear"/> or <c>Module&lt;Tensor, Tensor&gt;</c>.</typeparam>
public class ModuleList<T> : Module, IList<T> where T : Module
{
    [SkipDiscovery] readonly List<T> _items = [];

    /// <summary>A list holding <paramref name="modules"/>.</summary>
    public ModuleList(params T[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var m in modules) Add(m);
    }

    /// <summary>The module at <paramref name="index"/>.</summary>
    public T this[int index]
    {
        get => _items[index];
        set => _items[index] = Check(value);
    }

    /// <summary>The number of modules.</summary>
    public int Count => _items.Count;

    /// <summary>False: modules can be added and removed.</summary>
    public bool IsReadOnly => false;

    /// <summary>Adds a module at the end.</summary>
    public void Add(T item) => _items.Add(Check(item));

    /// <summary>Adds a module at the end (TorchSharp's and PyTorch's spelling).</summary>
    public void append(T item) => Add(item);

    /// <summary>Removes every module.</summary>
    public void Clear() => _items.Clear();

    /// <summary>True when <paramref name="item"/> is in the list.</summary>
    public bool Contains(T item) => _items.Contains(item);

    /// <summary>Copies the modules into <paramref name="array"/> from <paramref name="arrayIndex"/>.</summary>
    public void CopyTo(T[] array, int arrayIndex) => _items.CopyTo(array, arrayIndex);

    /// <summary>The position of <paramref name="item"/>, or −1.</summary>
    public int IndexOf(T item) => _items.IndexOf(item);

    /// <summary>Inserts a module at <paramref name="index"/> (the later ones are renamed by their new positions).</summary>
    public void Insert(int index, T item) => _items.Insert(index, Check(item));

    /// <summary>Removes <paramref name="item"/>; true if it was there.</summary>
    public bool Remove(T item) => _items.Remove(item);

    /// <summary>Removes the module at <paramref name="index"/>.</summary>
    public void RemoveAt(int index) => _items.RemoveAt(index);

    /// <summary>The modules in order.</summary>
    public IEnumerator<T> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    T Check(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (ReferenceEquals(item, this)) throw new ArgumentException("ModuleList: a list cannot contain itself.", nameof(item));
        return item;
    }

    internal override void CollectChildren(List<(string Name, Module Module)> into)
    {
        for (int i = 0; i < _items.Count; i++) into.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), _items[i]));
        base.CollectChildren(into);
    }
}
