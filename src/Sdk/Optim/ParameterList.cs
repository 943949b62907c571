using Edu.Sdk.Nn;

namespace Edu.Sdk.Optim;

/// <summary>Turns the parameters handed to an optimizer into an array, refusing what would make updates wrong.</summary>
internal static class ParameterList
{
    /// <summary>
    /// The parameters in order. Refuses an empty list (a model whose <c>parameters()</c> is empty is a bug to report early),
    /// nulls, and a parameter given twice or two parameters over the same storage (it would be updated twice per step).
    /// </summary>
    public static Parameter[] From(string optimizer, IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var list = parameters.ToArray();
        if (list.Length == 0)
            throw new ArgumentException($"{optimizer}: got an empty parameter list; pass the parameters to train, e.g. model.parameters().", nameof(parameters));
        var seen = new Dictionary<Parameter, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < list.Length; i++)
        {
            var p = list[i] ?? throw new ArgumentException($"{optimizer}: parameter {i} is null.", nameof(parameters));
            if (!seen.TryAdd(p, i))
                throw new ArgumentException($"{optimizer}: parameter {i} is the same tensor as parameter {seen[p]}; give each parameter once.", nameof(parameters));
        }
        // Distinct Parameter objects may still wrap one storage (nn.Parameter(t) twice over the same t).
        for (int i = 0; i < list.Length; i++)
            for (int j = 0; j < i; j++)
                if (Overlap(list[i], list[j]))
                    throw new ArgumentException($"{optimizer}: parameters {j} and {i} share storage; give each parameter once.", nameof(parameters));
        return list;
    }

    static bool Overlap(torch.Tensor a, torch.Tensor b) =>
        ReferenceEquals(a._storage, b._storage) && a._numel > 0 && b._numel > 0 &&
        a._offset < b._offset + b._numel && b._offset < a._offset + a._numel;
}
