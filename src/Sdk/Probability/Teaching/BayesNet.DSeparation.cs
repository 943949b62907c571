using System.Text;

namespace Edu.Sdk.Probability;

public sealed partial class BayesNet
{
    /// <summary>
    /// d-separation: whether <paramref name="a"/> and <paramref name="b"/> are independent given <paramref name="given"/>
    /// in every distribution that factorises over this graph (after any interventions, which cut edges). Uses the
    /// reachability algorithm of Koller &amp; Friedman (Algorithm 3.1) and returns an active trail when there is one.
    /// </summary>
    /// <param name="a">A variable.</param>
    /// <param name="b">Another variable.</param>
    /// <param name="given">The observed variables Z (neither a nor b).</param>
    public Independence AreIndependent(Variable a, Variable b, params Variable[] given)
    {
        ArgumentNullException.ThrowIfNull(given);
        int x = IdOf(a, "AreIndependent"), y = IdOf(b, "AreIndependent");
        if (x == y) throw new ArgumentException($"AreIndependent: both variables are {a.Name}; ask about two different variables.");
        var z = new bool[Count];
        foreach (var g in given)
        {
            int id = IdOf(g, "AreIndependent (given)");
            if (id == x || id == y) throw new ArgumentException($"AreIndependent: {g.Name} is both asked about and given; leave it out of the given set.");
            z[id] = true;
        }
        // Ancestors of Z, Z included: a collider is active when it or one of its descendants is observed.
        var anc = new bool[Count];
        var stack = new Stack<int>(Enumerable.Range(0, Count).Where(i => z[i]));
        while (stack.Count > 0)
        {
            int v = stack.Pop();
            if (anc[v]) continue;
            anc[v] = true;
            foreach (int p in _parents[v]) stack.Push(p);
        }
        string givenText = given.Length == 0 ? "" : $" given {{{FactorTable.Names(given)}}}";
        var trail = ActiveTrail(x, y, z, anc);
        if (trail is not null)
        {
            var sb = new StringBuilder();
            sb.Append(a.Name).Append(" and ").Append(b.Name).Append(" are not d-separated").Append(givenText)
              .Append(": the trail ").Append(TrailText(trail)).Append(" is active");
            var reasons = new List<string>();
            for (int k = 1; k < trail.Count - 1; k++) reasons.Add(NodeReason(trail[k - 1], trail[k], trail[k + 1], z, anc, active: true));
            sb.Append(reasons.Count > 0 ? " because " + string.Join("; ", reasons) + "." : " (a direct edge).");
            return new Independence(false, trail.Select(i => _variables[i]).ToArray(), sb.ToString());
        }
        var text = new StringBuilder();
        text.Append(a.Name).Append(" and ").Append(b.Name).Append(" are d-separated").Append(givenText).Append(": every trail between them is blocked");
        var trails = SimpleTrails(x, y, limit: 12);
        if (trails.Count == 0) text.Append(" (there is no trail at all).");
        else
        {
            text.Append('.');
            foreach (var t in trails)
            {
                for (int k = 1; k < t.Count - 1; k++)
                {
                    if (!Blocks(t[k - 1], t[k], t[k + 1], z, anc)) continue;
                    text.Append("\n  ").Append(TrailText(t)).Append(" is blocked at ").Append(NodeReason(t[k - 1], t[k], t[k + 1], z, anc, active: false)).Append('.');
                    break;
                }
            }
            if (trails.Count == 12) text.Append("\n  (only the first 12 trails are listed)");
        }
        return new Independence(true, null, text.ToString());
    }

    bool IsParent(int p, int c) => Array.IndexOf(_parents[c], p) >= 0;

    bool Blocks(int prev, int v, int next, bool[] z, bool[] anc)
    {
        bool collider = IsParent(prev, v) && IsParent(next, v);
        return collider ? !anc[v] : z[v];
    }

    string NodeReason(int prev, int v, int next, bool[] z, bool[] anc, bool active)
    {
        string name = _variables[v].Name;
        string Arrow(int from, int to) => IsParent(from, to) ? $"{_variables[from].Name} -> {_variables[to].Name}" : $"{_variables[from].Name} <- {_variables[to].Name}";
        if (IsParent(prev, v) && IsParent(next, v))
        {
            string shape = $"{_variables[prev].Name} -> {name} <- {_variables[next].Name}";
            if (!active) return $"{name}, a collider ({shape}) with neither it nor a descendant observed";
            if (z[v]) return $"{name} is a collider ({shape}) and is observed";
            var observedDescendant = DescendantsOf(_variables[v]).First(d => z[_index[d]]);
            return $"{name} is a collider ({shape}) with an observed descendant, {observedDescendant.Name}";
        }
        string kind = IsParent(v, prev) && IsParent(v, next) ? "a fork" : "a chain";
        string trailShape = $"{Arrow(prev, v)}{(IsParent(v, next) ? " -> " : " <- ")}{_variables[next].Name}";
        return active ? $"{name} is {kind} ({trailShape}) and is not observed" : $"{name}, {kind} ({trailShape}) that is observed";
    }

    string TrailText(IReadOnlyList<int> trail)
    {
        var sb = new StringBuilder(_variables[trail[0]].Name);
        for (int k = 1; k < trail.Count; k++)
            sb.Append(IsParent(trail[k - 1], trail[k]) ? " -> " : " <- ").Append(_variables[trail[k]].Name);
        return sb.ToString();
    }

    /// <summary>Breadth-first search over (node, direction) states, keeping predecessors so the trail can be read back.</summary>
    List<int>? ActiveTrail(int x, int y, bool[] z, bool[] anc)
    {
        const int Up = 0, Down = 1; // Up: reached from a child (travelling against the edge); Down: reached from a parent.
        var pred = new Dictionary<(int, int), (int, int)>();
        var visited = new HashSet<(int, int)>();
        var queue = new Queue<(int Node, int Dir)>();
        queue.Enqueue((x, Up));
        pred[(x, Up)] = (-1, -1);
        void Push((int, int) from, int node, int dir)
        {
            if (pred.ContainsKey((node, dir))) return;
            pred[(node, dir)] = from;
            queue.Enqueue((node, dir));
        }
        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            if (!visited.Add(s)) continue;
            var (v, d) = s;
            if (v == y && !z[v])
            {
                var path = new List<int>();
                for (var c = s; c.Node >= 0; c = pred[c]) path.Add(c.Node);
                path.Reverse();
                return path;
            }
            if (d == Up && !z[v])
            {
                foreach (int p in _parents[v]) Push(s, p, Up);
                foreach (int c in _children[v]) Push(s, c, Down);
            }
            else if (d == Down)
            {
                if (!z[v]) foreach (int c in _children[v]) Push(s, c, Down);
                if (anc[v]) foreach (int p in _parents[v]) Push(s, p, Up);
            }
        }
        return null;
    }

    List<List<int>> SimpleTrails(int x, int y, int limit)
    {
        var result = new List<List<int>>();
        var path = new List<int> { x };
        var on = new bool[Count];
        on[x] = true;
        void Walk(int v)
        {
            if (result.Count >= limit) return;
            if (v == y) { result.Add([.. path]); return; }
            foreach (int w in _parents[v].Concat(_children[v]))
            {
                if (on[w]) continue;
                on[w] = true;
                path.Add(w);
                Walk(w);
                path.RemoveAt(path.Count - 1);
                on[w] = false;
            }
        }
        Walk(x);
        return result;
    }
}
