namespace Edu.Sdk.Probability;

/// <summary>
/// Sum-product variable elimination (Koller &amp; Friedman, Algorithm 9.1):
/// P(Q, e) = Σ_H Πᵢ φᵢ, with the CPTs reduced by the evidence, and each hidden variable H summed out in turn
/// after multiplying only the factors that mention it.
/// Before eliminating, variables that are neither asked, observed, nor ancestors of either are dropped: for such a
/// barren variable B, Σ_b P(b | parents) = 1, so its CPT contributes nothing.
/// </summary>
internal static class VariableElimination
{
    /// <summary>The largest intermediate factor elimination will build (2^28 doubles = 2 GiB).</summary>
    const long MaxFactorEntries = 1L << 28;

    sealed class Item(FactorTable table, int[] scope, string? name)
    {
        public FactorTable Table { get; } = table;
        public int[] Scope { get; } = scope;
        public string? Name { get; } = name;
    }

    /// <summary>The unnormalised P(targets, evidence), axes in the order of <paramref name="targets"/>.</summary>
    public static FactorTable Run(BayesNet net, int[] targets, (int Id, int State)[] evidence, EliminationHeuristic heuristic, ExplainLog? log)
    {
        int n = net.Count;
        var observed = new int[n];
        Array.Fill(observed, -1);
        foreach (var (id, s) in evidence) observed[id] = s;

        var relevant = new bool[n];
        var stack = new Stack<int>(targets.Concat(evidence.Select(e => e.Id)));
        while (stack.Count > 0)
        {
            int v = stack.Pop();
            if (relevant[v]) continue;
            relevant[v] = true;
            foreach (int p in net.ParentIds(v)) stack.Push(p);
        }

        var factors = new List<Item>();
        var scratch = new List<Observation>();
        var scope = new List<int>();
        for (int id = 0; id < n; id++)
        {
            if (!relevant[id]) continue;
            var cpt = net.CptAt(id);
            scratch.Clear();
            scope.Clear();
            foreach (int p in net.ParentIds(id))
                if (observed[p] >= 0) scratch.Add(new Observation(net.VariableAt(p), observed[p])); else scope.Add(p);
            if (observed[id] >= 0) scratch.Add(new Observation(net.VariableAt(id), observed[id])); else scope.Add(id);
            var table = scratch.Count > 0 ? cpt.Table.Reduce(scratch.ToArray()) : cpt.Table;
            factors.Add(new Item(table, scope.ToArray(), log is null ? null : ReducedName(net, id, observed)));
        }

        var hidden = new List<int>();
        for (int id = 0; id < n; id++)
            if (relevant[id] && observed[id] < 0 && Array.IndexOf(targets, id) < 0) hidden.Add(id);
        var order = EliminationOrder.Compute(n, factors.Select(f => f.Scope), hidden, id => net.VariableAt(id).Cardinality, heuristic);

        log?.Start(net, targets, evidence, relevant, factors.Select(f => f.Name!).ToList(), order, heuristic);

        int step = 0;
        var bucket = new List<Item>();
        foreach (int v in order)
        {
            bucket.Clear();
            for (int i = factors.Count - 1; i >= 0; i--)
                if (Array.IndexOf(factors[i].Scope, v) >= 0) { bucket.Add(factors[i]); factors.RemoveAt(i); }
            bucket.Reverse();
            var unionScope = bucket.SelectMany(f => f.Scope).Distinct().ToArray();
            long size = 1;
            foreach (int u in unionScope) size *= net.VariableAt(u).Cardinality;
            if (size > MaxFactorEntries)
                throw new InvalidOperationException($"Eliminating {net.VariableAt(v).Name} would build a factor over {unionScope.Length} variables ({size} entries): " +
                    "this network's tree-width is too large for exact inference. Use sampling (LikelihoodWeighting) instead.");
            var product = bucket[0].Table;
            for (int i = 1; i < bucket.Count; i++) product *= bucket[i].Table;
            var message = product.SumOut(net.VariableAt(v));
            step++;
            var messageScope = unionScope.Where(u => u != v).ToArray();
            string? name = null;
            if (log is not null)
            {
                name = $"τ{step}({string.Join(", ", messageScope.Select(u => net.VariableAt(u).Name))})";
                log.Step(step, net.VariableAt(v), bucket.Select(f => f.Name!).ToList(), product, message, name,
                    $"ψ{step}({FactorTable.Names(product.Variables)})");
            }
            factors.Add(new Item(message, messageScope, name));
        }

        var result = FactorTable.Scalar(1);
        foreach (var f in factors) result *= f.Table;
        result = result.Permute(targets.Select(net.VariableAt).ToArray());
        log?.Finish(factors.Select(f => f.Name!).ToList(), result);
        return result;
    }

    /// <summary>"P(G | s0, D)": the CPT's name with observed variables replaced by their observed states.</summary>
    internal static string ReducedName(BayesNet net, int id, int[] observed)
    {
        string Part(int v) => observed[v] >= 0 ? net.StateLabel(v, observed[v]) : net.VariableAt(v).Name;
        var parents = net.ParentIds(id);
        return parents.Length == 0 ? $"P({Part(id)})" : $"P({Part(id)} | {string.Join(", ", parents.Select(Part))})";
    }
}
