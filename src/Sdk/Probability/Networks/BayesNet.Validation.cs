namespace Edu.Sdk.Probability;

// Construction checks. Each message says what is wrong, where, and what to do instead
// (pgmpy's "sum not equal to 1" without the row is the complaint to avoid; the CPT rows themselves are
// checked by Cpt, which names the variable, the row and the sum).
public sealed partial class BayesNet
{
    static Cpt[] Validate(IEnumerable<Cpt> cpts, IEnumerable<Edge>? edges)
    {
        ArgumentNullException.ThrowIfNull(cpts);
        var list = cpts.ToArray();
        if (list.Length == 0) throw new ArgumentException("A Bayesian network needs at least one CPT.");
        var byName = new Dictionary<string, Cpt>();
        foreach (var c in list)
        {
            ArgumentNullException.ThrowIfNull(c, nameof(cpts));
            if (byName.TryGetValue(c.Child.Name, out var other))
                throw new ArgumentException(other.Child.Equals(c.Child)
                    ? $"Two CPTs are given for {c.Child.Name} ({other.Name} and {c.Name}); a network has exactly one CPT per variable."
                    : $"Two different variables are named {c.Child.Name} (states {string.Join(", ", other.Child.States)} and {string.Join(", ", c.Child.States)}); rename one.");
            byName[c.Child.Name] = c;
        }
        foreach (var c in list)
            foreach (var p in c.Parents)
            {
                if (!byName.TryGetValue(p.Name, out var pc))
                    throw new ArgumentException($"{c.Name} is conditioned on {p.Name}, but no CPT for {p.Name} was given; add one (for a root, P({p.Name})).");
                if (!pc.Child.Equals(p))
                    throw new ArgumentException($"{c.Name} uses {p.Name} with the states ({string.Join(", ", p.States)}), but {pc.Name} gives {p.Name} the states ({string.Join(", ", pc.Child.States)}); the states must be the same.");
            }
        if (edges is not null) CheckAgainstGraph(list, byName, edges.ToArray());
        CheckAcyclic(list);
        return list;
    }

    static void CheckAgainstGraph(Cpt[] cpts, Dictionary<string, Cpt> byName, Edge[] edges)
    {
        var graphParents = cpts.ToDictionary(c => c.Child.Name, _ => new List<string>());
        foreach (var e in edges)
        {
            foreach (var v in new[] { e.Parent, e.Child })
                if (v is null || !byName.ContainsKey(v.Name))
                    throw new ArgumentException($"The edge {e} mentions {v?.Name}, which has no CPT; every variable of the graph needs one.");
            if (graphParents[e.Child.Name].Contains(e.Parent.Name))
                throw new ArgumentException($"The edge {e} is listed twice.");
            graphParents[e.Child.Name].Add(e.Parent.Name);
        }
        foreach (var c in cpts)
        {
            var g = graphParents[c.Child.Name];
            var t = c.Parents.Select(p => p.Name).ToList();
            if (g.Count != t.Count || g.Except(t).Any())
                throw new ArgumentException($"The graph gives {c.Child.Name} the parents ({string.Join(", ", g.DefaultIfEmpty("none"))}), but its CPT is {c.Name}. " +
                    (g.Except(t).Any() ? $"Condition the CPT on {string.Join(", ", g.Except(t))}" : $"Remove {string.Join(", ", t.Except(g))} from the CPT") +
                    (t.Except(g).Any() && g.Except(t).Any() ? $" and remove {string.Join(", ", t.Except(g))}" : "") + ", or change the edges.");
        }
    }

    /// <summary>Depth-first search; a back edge closes a cycle, which is read off the DFS stack and named.</summary>
    static void CheckAcyclic(Cpt[] cpts)
    {
        var state = cpts.ToDictionary(c => c.Child.Name, _ => 0); // 0 new, 1 on the stack, 2 done
        var stack = new List<string>();
        var children = cpts.ToDictionary(c => c.Child.Name, _ => new List<string>());
        foreach (var c in cpts) foreach (var p in c.Parents) children[p.Name].Add(c.Child.Name);
        void Visit(string v)
        {
            state[v] = 1;
            stack.Add(v);
            foreach (var w in children[v])
            {
                if (state[w] == 1)
                {
                    var cycle = stack.Skip(stack.IndexOf(w)).Append(w);
                    throw new ArgumentException($"The graph has a cycle: {string.Join(" -> ", cycle)}. A Bayesian network must be a DAG; remove one of these edges (a parent from one of these CPTs).");
                }
                if (state[w] == 0) Visit(w);
            }
            stack.RemoveAt(stack.Count - 1);
            state[v] = 2;
        }
        foreach (var c in cpts) if (state[c.Child.Name] == 0) Visit(c.Child.Name);
    }

    /// <summary>Kahn's algorithm, taking ready variables in the order given so the result is deterministic.</summary>
    static int[] TopologicalOrder(Variable[] variables, int[][] parents)
    {
        int n = variables.Length;
        var pending = parents.Select(p => p.Length).ToArray();
        var children = new List<int>[n];
        for (int i = 0; i < n; i++) children[i] = [];
        for (int i = 0; i < n; i++) foreach (int p in parents[i]) children[p].Add(i);
        var ready = new PriorityQueue<int, int>();
        for (int i = 0; i < n; i++) if (pending[i] == 0) ready.Enqueue(i, i);
        var order = new List<int>(n);
        while (ready.TryDequeue(out int v, out _))
        {
            order.Add(v);
            foreach (int c in children[v]) if (--pending[c] == 0) ready.Enqueue(c, c);
        }
        return order.ToArray();
    }
}
