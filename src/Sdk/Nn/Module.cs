using System.Text;

namespace Edu.Sdk.Nn;

/// <summary>
/// The base of every <c>torch.nn</c> module (layers, containers, losses), shaped like TorchSharp's
/// <c>torch.nn.Module</c>: derive from <see cref="Module{TIn, TOut}"/> and write <c>forward</c>.
/// </summary>
/// <remarks>
/// <para>
/// Parameters and submodules are found without registration: fields (or auto-properties) of type
/// <see cref="Parameter"/> (also a <see cref="torch.Tensor"/> field holding a Parameter), of a type deriving from
/// <see cref="Module"/>, or arrays and lists of either. They are named after the field, dotted for nesting
/// (<c>fc1.weight</c>, <c>layers.0.bias</c>). The fields of each type are found by reflection once and read through
/// compiled getters, so a training step does no reflection. <see cref="register_module"/> and
/// <see cref="register_parameter"/> add components under explicit names (after the discovered ones);
/// <see cref="RegisterComponents"/> exists so that TorchSharp code compiles, and has nothing left to do.
/// </para>
/// <para>
/// Order, as in PyTorch: a module's own parameters, then its children's, depth first. A parameter or module reached
/// twice (shared) is listed once by <see cref="parameters"/> and <see cref="named_modules"/>, under its first name;
/// <see cref="state_dict"/> lists it under every name, as PyTorch does.
/// </para>
/// <para>
/// <see cref="Parameter"/> and hand-written or generated layers are not modules: assignments that ban nn modules
/// (manual mode) ban the types deriving from this class.
/// </para>
/// </remarks>
public abstract partial class Module
{
    List<(string Name, Module Module)>? _registeredModules;
    List<(string Name, Parameter? Parameter)>? _registeredParameters;
    readonly string? _name;

    /// <summary>A module named after its type.</summary>
    protected Module() { }

    /// <summary>A module with a name, as TorchSharp's <c>Module(string name)</c> (shown by <see cref="GetName"/>).</summary>
    protected Module(string name) => _name = name;

    /// <summary>The name given to the constructor, or the type's name.</summary>
    public string GetName() => _name ?? TypeName(GetType());

    /// <summary>True in training mode (the default), false after <see cref="eval"/>.</summary>
    public bool training { get; private set; } = true;

    /// <summary>Sets training mode (<paramref name="train"/> true) or evaluation mode on this module and every submodule.</summary>
    public virtual void train(bool train = true)
    {
        foreach (var m in modules()) m.SetTraining(train);
    }

    /// <summary>
    /// Sets this module's own mode. <see cref="train"/> calls it on every submodule, so a module wrapping something
    /// with a mode of its own (<see cref="LayerModule"/>) passes the mode on.
    /// </summary>
    internal virtual void SetTraining(bool mode) => training = mode;

    /// <summary>Evaluation mode on this module and every submodule: the same as <c>train(false)</c>.</summary>
    public void eval() => train(false);

    /// <summary>
    /// Adds <paramref name="module"/> as a child named <paramref name="name"/> (replacing one of that name).
    /// Needed only for modules held somewhere discovery does not look (a dictionary, a local variable).
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or contains a dot.</exception>
    public void register_module(string name, Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckName("register_module", name);
        if (ReferenceEquals(module, this))
            throw new ArgumentException($"register_module: a module cannot be its own child ('{name}').", nameof(module));
        Register(_registeredModules ??= [], name, module);
    }

    /// <summary>
    /// Adds <paramref name="parameter"/> under <paramref name="name"/> (replacing one of that name); null keeps the
    /// name reserved but lists nothing, as PyTorch's <c>register_parameter(name, None)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or contains a dot.</exception>
    public void register_parameter(string name, Parameter? parameter)
    {
        CheckName("register_parameter", name);
        Register(_registeredParameters ??= [], name, parameter);
    }

    /// <summary>
    /// TorchSharp's registration call. Here fields are discovered automatically, so this only checks that the
    /// module's type can be scanned; calling it (or not) changes nothing.
    /// </summary>
    public void RegisterComponents() => _ = ModuleMembers.Of(GetType());

    static void Register<T>(List<(string Name, T Value)> list, string name, T value)
    {
        int i = list.FindIndex(e => e.Name == name);
        if (i >= 0) list[i] = (name, value);
        else list.Add((name, value));
    }

    static void CheckName(string op, string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.', StringComparison.Ordinal))
            throw new ArgumentException($"{op}: the name must be non-empty and contain no dot (dots separate nesting levels), got '{name}'.", nameof(name));
    }

    /// <summary>The direct submodules with their names, in order.</summary>
    public IEnumerable<(string name, Module module)> named_children()
    {
        var list = new List<(string, Module)>();
        CollectChildren(list);
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        foreach (var (name, m) in list)
            if (seen.Add(m)) yield return (name, m);
    }

    /// <summary>The direct submodules, in order.</summary>
    public IEnumerable<Module> children() => named_children().Select(c => c.module);

    /// <summary>This module (named <c>""</c>) and every submodule, depth first, each once, with dotted names.</summary>
    public IEnumerable<(string name, Module module)> named_modules()
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(string, Module)>();
        stack.Push(("", this));
        var children = new List<(string, Module)>();
        while (stack.Count > 0)
        {
            var (prefix, m) = stack.Pop();
            if (!seen.Add(m)) continue;
            yield return (prefix, m);
            children.Clear();
            m.CollectChildren(children);
            for (int i = children.Count - 1; i >= 0; i--)
                stack.Push((Join(prefix, children[i].Item1), children[i].Item2));
        }
    }

    /// <summary>This module and every submodule, depth first, each once.</summary>
    public IEnumerable<Module> modules() => named_modules().Select(m => m.module);

    /// <summary>
    /// The parameters with dotted names (<c>0.weight</c>, <c>fc1.bias</c>): this module's own first, then each
    /// submodule's, depth first; a shared parameter is listed once, under its first name.
    /// </summary>
    /// <param name="recurse">False for this module's own parameters only.</param>
    public IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
    {
        var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        var own = new List<(string, Parameter)>();
        foreach (var (prefix, m) in recurse ? named_modules() : [("", this)])
        {
            own.Clear();
            m.CollectParameters(own, null);
            foreach (var (name, p) in own)
                if (seen.Add(p)) yield return (Join(prefix, name), p);
        }
    }

    /// <summary>The parameters (see <see cref="named_parameters"/>), each once: what an optimizer is built from.</summary>
    public IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.parameter);

    /// <summary>
    /// Clears the gradients before the next backward. By default each existing <c>grad</c> is set to zero in place,
    /// keeping its buffer, so the next backward accumulates into it (matrix products write there directly) and a
    /// training step allocates no gradient tensors. With <paramref name="set_to_none"/> the gradients become null
    /// instead (PyTorch 2's default), which frees their memory but makes the next backward allocate them again.
    /// </summary>
    public void zero_grad(bool set_to_none = false)
    {
        using var _ = torch.no_grad();
        foreach (var p in parameters())
        {
            if (p.GradAsIs is not { } g) continue;
            if (set_to_none || !g.is_contiguous()) p.grad = null;
            else p.ZeroGradDeferred();
        }
    }

    /// <summary>
    /// The module tree as PyTorch prints it: the type, <see cref="ExtraRepr"/> in parentheses, and each child
    /// indented on its own line, e.g. <c>(0): Linear(in_features=784, out_features=100, bias=True)</c>.
    /// </summary>
    public override string ToString()
    {
        var children = new List<(string, Module)>();
        CollectChildren(children);
        var sb = new StringBuilder(GetName()).Append('(').Append(ExtraRepr());
        if (children.Count > 0)
        {
            sb.Append('\n');
            foreach (var (name, m) in children)
                sb.Append("  (").Append(name).Append("): ").Append(m.ToString().Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
        }
        return sb.Append(')').ToString();
    }

    /// <summary>The settings shown inside the parentheses by <see cref="ToString"/> (PyTorch's <c>extra_repr</c>).</summary>
    protected virtual string ExtraRepr() => "";

    /// <summary>
    /// Adds the direct children, named, in order: discovered fields, then explicit registrations. Containers
    /// (<see cref="Sequential"/>, <see cref="ModuleList{T}"/>) add their items.
    /// </summary>
    internal virtual void CollectChildren(List<(string Name, Module Module)> into)
    {
        foreach (var m in ModuleMembers.Of(GetType()))
        {
            if (m.Kind == MemberKind.Module)
            {
                if (m.Get(this) is Module child && !IsRegistered(child)) into.Add((m.Name, child));
            }
            else if (m.Kind == MemberKind.Modules && m.Get(this) is { } seq)
            {
                foreach (var (i, item) in ModuleMembers.Items(seq))
                    if (item is Module child && !IsRegistered(child)) into.Add(($"{m.Name}.{i}", child));
            }
        }
        if (_registeredModules is { } reg) into.AddRange(reg);
    }

    /// <summary>
    /// Adds this module's own parameters, named, in order. With <paramref name="map"/>, each parameter is first
    /// replaced, where it is held, by <c>map(parameter)</c> (how <c>to(dtype)</c> converts them).
    /// </summary>
    internal void CollectParameters(List<(string Name, Parameter Parameter)> into, Func<Parameter, Parameter>? map)
    {
        foreach (var m in ModuleMembers.Of(GetType()))
        {
            if (m.Kind == MemberKind.Parameter)
            {
                if (m.Get(this) is not Parameter p || IsRegistered(p)) continue;
                if (map is not null && Replace(p, map, out var q)) m.Field.SetValue(this, p = q);
                into.Add((m.Name, p));
            }
            else if (m.Kind == MemberKind.Parameters && m.Get(this) is { } seq)
            {
                foreach (var (i, item) in ModuleMembers.Items(seq).ToArray())
                {
                    if (item is not Parameter p || IsRegistered(p)) continue;
                    if (map is not null && Replace(p, map, out var q))
                    {
                        if (seq is System.Collections.IList { IsReadOnly: false } list) list[i] = p = q;
                        else throw new InvalidOperationException(
                            $"{GetName()}: cannot replace the parameters held in field '{m.Name}' ({seq.GetType().Name}); hold them in an array or a List<Parameter>.");
                    }
                    into.Add(($"{m.Name}.{i}", p));
                }
            }
        }
        if (_registeredParameters is { } reg)
            for (int i = 0; i < reg.Count; i++)
            {
                if (reg[i].Parameter is not { } p) continue;
                if (map is not null && Replace(p, map, out var q)) reg[i] = (reg[i].Name, p = q);
                into.Add((reg[i].Name, p));
            }
        CollectHeldParameters(into, map);
    }

    /// <summary>
    /// Adds parameters this module holds outside fields and registrations, after them: a wrapped generated layer's,
    /// under the layer's own names, which may be dotted (<c>hidden.0.w</c>). Nothing by default.
    /// </summary>
    internal virtual void CollectHeldParameters(List<(string Name, Parameter Parameter)> into, Func<Parameter, Parameter>? map) { }

    static bool Replace(Parameter p, Func<Parameter, Parameter> map, out Parameter q)
    {
        q = map(p);
        return !ReferenceEquals(p, q);
    }

    bool IsRegistered(Module m)
    {
        if (_registeredModules is not { } reg) return false;
        foreach (var (_, r) in reg) if (ReferenceEquals(r, m)) return true;
        return false;
    }

    bool IsRegistered(Parameter p)
    {
        if (_registeredParameters is not { } reg) return false;
        foreach (var (_, r) in reg) if (ReferenceEquals(r, p)) return true;
        return false;
    }

    internal static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    static string TypeName(Type t)
    {
        var n = t.Name;
        int tick = n.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? n : n[..tick];
    }
}
