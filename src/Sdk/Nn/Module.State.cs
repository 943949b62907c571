using Edu.Sdk.Tensors;

namespace Edu.Sdk.Nn;

public abstract partial class Module
{
    /// <summary>
    /// Every parameter under its dotted name (<c>0.weight</c>, <c>fc1.bias</c>), in <see cref="named_parameters"/>
    /// order; a shared parameter appears under each of its names, as in PyTorch.
    /// </summary>
    /// <remarks>
    /// The values share storage with the parameters (detached, as in PyTorch): they change when training goes on.
    /// To keep a snapshot (the best model so far), clone them:
    /// <c>model.state_dict().ToDictionary(kv =&gt; kv.Key, kv =&gt; kv.Value.clone())</c>.
    /// </remarks>
    public Dictionary<string, torch.Tensor> state_dict()
    {
        var result = new Dictionary<string, torch.Tensor>();
        foreach (var (name, p) in AllParameterNames()) result[name] = p.detach();
        return result;
    }

    /// <summary>
    /// Copies the values of <paramref name="state_dict"/> into the parameters of the same names, in place (so
    /// optimizers keep working on the same tensors). Values of another float dtype are converted.
    /// Nothing is changed unless every matching entry has the right shape.
    /// </summary>
    /// <param name="state_dict">Names and values, as returned by <see cref="state_dict()"/>.</param>
    /// <param name="strict">When true (the default), a parameter missing from the dictionary or a key the model does not have is an error.</param>
    /// <returns>The model's parameter names absent from the dictionary, and the dictionary's keys the model does not have.</returns>
    /// <exception cref="ArgumentException">A shape differs, or (with <paramref name="strict"/>) keys are missing or unexpected; the message names them.</exception>
    public (IList<string> missing_keys, IList<string> unexpected_keys) load_state_dict(Dictionary<string, torch.Tensor> state_dict, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state_dict);
        var own = AllParameterNames();
        var names = own.Select(o => o.Name).ToHashSet();
        var missing = own.Where(o => !state_dict.ContainsKey(o.Name)).Select(o => o.Name).ToList();
        var unexpected = state_dict.Keys.Where(k => !names.Contains(k)).ToList();
        var problems = new List<string>();
        foreach (var (name, p) in own)
        {
            if (!state_dict.TryGetValue(name, out var v)) continue;
            if (v is null) problems.Add($"{name} is null in the state dict");
            else if (!v.Dims.SequenceEqual(p.Dims))
                problems.Add($"{name} has shape ({v.ShapeText}) in the state dict but ({p.ShapeText}) in the model");
            else if (!v.dtype.IsFloatingPoint())
                problems.Add($"{name} is {v.dtype} in the state dict; parameters hold Float32 or Float64 values");
        }
        if (strict && missing.Count > 0) problems.Add("missing keys: " + string.Join(", ", missing));
        if (strict && unexpected.Count > 0) problems.Add("unexpected keys: " + string.Join(", ", unexpected));
        if (problems.Count > 0)
            throw new ArgumentException($"load_state_dict ({GetName()}): " + string.Join("; ", problems) +
                (strict && (missing.Count > 0 || unexpected.Count > 0) ? ". Pass strict: false to load only the keys that match." : "."), nameof(state_dict));
        using (torch.no_grad())
            foreach (var (name, p) in own)
                if (state_dict.TryGetValue(name, out var v)) p.copy_(v);
        return (missing, unexpected);
    }

    /// <summary>
    /// Converts every parameter (and its gradient) to <paramref name="type"/>. Parameters are tensors whose dtype
    /// is fixed, so each is replaced, in the field or list that holds it, by a new <see cref="Parameter"/>; a
    /// parameter shared by several modules stays shared. Build optimizers after this call: one built before holds
    /// the old parameters. Called through <c>model.to(type)</c>, which returns the module with its own type.
    /// </summary>
    internal void ConvertParameters(ScalarType type)
    {
        if (!type.IsFloatingPoint())
            throw new ArgumentException($"to: parameters hold Float32 or Float64 values, got {type}.", nameof(type));
        var converted = new Dictionary<Parameter, Parameter>(ReferenceEqualityComparer.Instance);
        Parameter Convert(Parameter p)
        {
            if (p.dtype == type) return p;
            if (converted.TryGetValue(p, out var q)) return q;
            using (torch.no_grad())
            {
                q = new Parameter(p.detach().to(type), p.requires_grad);
                q.SetGrad(p.GradValue?.to(type));
            }
            converted[p] = q;
            return q;
        }
        // Refuse before converting anything: a generated layer's parameters cannot be replaced, and finding that out
        // half-way would leave the model in two dtypes.
        foreach (var m in modules())
            if (m is LayerModule layer) layer.CheckConvertible(type);
        var scratch = new List<(string, Parameter)>();
        foreach (var m in modules())
        {
            scratch.Clear();
            m.CollectParameters(scratch, Convert);
        }
    }

    /// <summary>Every (name, parameter) pair, without removing shared ones; shared modules are visited under each name.</summary>
    List<(string Name, Parameter P)> AllParameterNames()
    {
        var result = new List<(string, Parameter)>();
        var path = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        void Visit(string prefix, Module m)
        {
            // Guards against a cycle (a module holding its parent in a field), not against sharing.
            if (!path.Add(m)) return;
            var own = new List<(string Name, Parameter Parameter)>();
            m.CollectParameters(own, null);
            foreach (var (n, p) in own) result.Add((Join(prefix, n), p));
            var children = new List<(string Name, Module Module)>();
            m.CollectChildren(children);
            foreach (var (n, c) in children) Visit(Join(prefix, n), c);
            path.Remove(m);
        }
        Visit("", this);
        return result;
    }
}
