using System.Globalization;
using Edu.Sdk.Optim;

namespace Edu.Sdk.Checkpoints;

/// <summary>
/// A model's parameters, and optionally its optimizer's state, in one safetensors file: parameters under their names
/// (<c>named_parameters()</c>), optimizer buffers under <c>optimizer.state.{index}.{buffer}</c>, and the optimizer's kind
/// and hyper-parameters as metadata (<c>optimizer</c> = <c>Adam</c>, <c>optimizer.lr</c> = <c>0.001</c>, ...), so any
/// safetensors reader can open it.
/// </summary>
public static partial class Checkpoint
{
    /// <summary>The prefix of optimizer entries, in tensor names and metadata keys.</summary>
    public const string OptimizerPrefix = "optimizer.";

    const string FormatKey = "format", FormatValue = "edu-sdk-checkpoint-1", OptimizerKey = "optimizer";

    /// <summary>Writes <paramref name="parameters"/> and the state of <paramref name="optimizer"/> (if given) to <paramref name="path"/>, atomically.</summary>
    /// <param name="path">The file to write (replaced if it exists).</param>
    /// <param name="parameters">Names and tensors, e.g. <c>model.named_parameters()</c>; names unique and not starting with <c>optimizer.</c>.</param>
    /// <param name="optimizer">The optimizer whose state to save with them, if any.</param>
    public static void Save(string path, IEnumerable<(string Name, torch.Tensor Value)> parameters, Optimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var tensors = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            if (name is null || name.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
                throw new ArgumentException($"Checkpoint.Save: a parameter cannot be named '{name}' (names starting with '{OptimizerPrefix}' hold the optimizer's state). Nothing was written to {path}.", nameof(parameters));
            if (!tensors.TryAdd(name, value))
                throw new ArgumentException($"Checkpoint.Save: two parameters are named '{name}'. Nothing was written to {path}.", nameof(parameters));
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [FormatKey] = FormatValue };
        if (optimizer is not null)
        {
            metadata[OptimizerKey] = optimizer.Name;
            foreach (var (key, t) in optimizer.state_dict())
            {
                if (key.StartsWith("state.", StringComparison.Ordinal)) tensors[OptimizerPrefix + key] = t;
                else metadata[OptimizerPrefix + key] = t.dtype == ScalarType.Bool
                    ? (t.item<bool>() ? "true" : "false")
                    : t.ToDouble().ToString("R", CultureInfo.InvariantCulture);
            }
        }
        Safetensors.Save(path, tensors, metadata);
    }

    /// <summary>
    /// Copies the tensors saved in <paramref name="path"/> into <paramref name="parameters"/> (matched by name; dtype and
    /// shape must agree, and the file must hold exactly these parameters), and restores <paramref name="optimizer"/>'s
    /// state if one is given. Everything is checked before anything is written: on error, no parameter and no optimizer
    /// state has changed. Optimizer state in the file is ignored when no optimizer is given (loading for inference).
    /// </summary>
    /// <param name="path">The checkpoint to read.</param>
    /// <param name="parameters">Names and the tensors to fill, e.g. <c>model.named_parameters()</c>.</param>
    /// <param name="optimizer">The optimizer to restore: of the kind saved, over parameters of the same shapes.</param>
    public static void Load(string path, IEnumerable<(string Name, torch.Tensor Value)> parameters, Optimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var targets = parameters.ToList();
        var (tensors, metadata) = Safetensors.Load(path);

        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, target) in targets)
        {
            if (!names.Add(name)) { problems.Add($"two parameters are named '{name}'"); continue; }
            if (!tensors.TryGetValue(name, out var saved)) { problems.Add($"'{name}' is not in the file"); continue; }
            if (saved.dtype != target.dtype || !saved.Dims.SequenceEqual(target.Dims))
                problems.Add($"'{name}' is {saved.dtype} ({saved.ShapeText}) in the file but {target.dtype} ({target.ShapeText}) in the model");
            else if (!target.is_contiguous())
                problems.Add($"'{name}' is a transposed view; load into the tensor it views");
        }
        foreach (var name in tensors.Keys.Where(k => !names.Contains(k) && !k.StartsWith(OptimizerPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            problems.Add($"the file holds '{name}', which is not among the parameters");
        Action? loadOptimizer = null;
        if (optimizer is not null && problems.Count == 0)
        {
            try { loadOptimizer = optimizer.PrepareLoad(OptimizerState(optimizer, tensors, metadata)); }
            catch (ArgumentException ex) { problems.Add(ex.Message); }
        }
        if (problems.Count > 0)
            throw new InvalidOperationException($"Checkpoint.Load: {path} does not fit: {string.Join("; ", problems)}. Nothing was loaded.");

        using (torch.no_grad())
            foreach (var (name, target) in targets) target.copy_(tensors[name]);
        loadOptimizer?.Invoke();
    }

    /// <summary>The optimizer's state dictionary rebuilt from the file's <c>optimizer.</c> tensors and metadata.</summary>
    static Dictionary<string, torch.Tensor> OptimizerState(Optimizer optimizer, Dictionary<string, torch.Tensor> tensors, Dictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(OptimizerKey, out var kind))
            throw new ArgumentException($"the file holds no optimizer state (it was saved without an optimizer)");
        if (kind != optimizer.Name)
            throw new ArgumentException($"the file holds {kind} optimizer state, not {optimizer.Name} state");
        var state = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        foreach (var (key, t) in tensors)
            if (key.StartsWith(OptimizerPrefix, StringComparison.Ordinal)) state[key[OptimizerPrefix.Length..]] = t;
        foreach (var (key, text) in metadata)
        {
            if (!key.StartsWith(OptimizerPrefix, StringComparison.Ordinal)) continue;
            string name = key[OptimizerPrefix.Length..];
            if (text is "true" or "false") state[name] = torch.tensor(new[] { text == "true" }, []);
            else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) state[name] = torch.tensor(v, torch.float64);
            else throw new ArgumentException($"metadata '{key}' = '{text}' is neither a number nor true/false");
        }
        return state;
    }
}
