namespace Edu.Sdk.Probability;

/// <summary>
/// The reference: visits every joint assignment x that agrees with the evidence, computes
/// P(x) = Πᵢ P(xᵢ | x_parents(i)) from the CPTs, and adds it to the entry of the targets' states.
/// Exponential in the number of unobserved variables, so it refuses networks whose joint exceeds
/// <see cref="Inference.MaxEnumerationEntries"/> entries instead of running for hours.
/// </summary>
internal static class Enumeration
{
    public static FactorTable Run(BayesNet net, int[] targets, (int Id, int State)[] evidence)
    {
        long size = net.JointSize;
        if (size > Inference.MaxEnumerationEntries)
            throw new InvalidOperationException($"Enumeration refuses this network: its joint has {(size == long.MaxValue ? "more than 9.2e18" : size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))} entries " +
                $"(2^{Math.Log2(size):0.#}), more than the {Inference.MaxEnumerationEntries:N0} (2^26) it will visit. Use Inference.VariableElimination, which never builds the joint.");
        int n = net.Count;
        var state = new int[n];
        var isFixed = new bool[n];
        foreach (var (id, s) in evidence) { state[id] = s; isFixed[id] = true; }
        var free = Enumerable.Range(0, n).Where(i => !isFixed[i]).ToArray();
        var tv = targets.Select(net.VariableAt).ToArray();
        var tStrides = FactorTable.StridesOf(tv);
        var result = new double[tv.Aggregate(1, (p, v) => p * v.Cardinality)];
        // Per variable: its CPT's values and, for the row index, its parents' ids (the child's state is the column).
        var cptValues = Enumerable.Range(0, n).Select(i => net.CptAt(i).Table.RawValues).ToArray();
        var parents = Enumerable.Range(0, n).Select(net.ParentIds).ToArray();
        var card = Enumerable.Range(0, n).Select(i => net.VariableAt(i).Cardinality).ToArray();
        while (true)
        {
            double p = 1;
            for (int i = 0; i < n && p != 0; i++)
            {
                int row = 0;
                foreach (int q in parents[i]) row = row * card[q] + state[q];
                p *= cptValues[i][row * card[i] + state[i]];
            }
            int t = 0;
            for (int k = 0; k < targets.Length; k++) t += state[targets[k]] * tStrides[k];
            result[t] += p;
            int f = free.Length - 1;
            for (; f >= 0; f--)
            {
                if (++state[free[f]] < card[free[f]]) break;
                state[free[f]] = 0;
            }
            if (f < 0) break;
        }
        return new FactorTable(tv, result, null);
    }
}
