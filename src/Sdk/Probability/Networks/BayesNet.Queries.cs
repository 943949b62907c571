namespace Edu.Sdk.Probability;

// The runtime core of querying: P(targets | evidence) in this (possibly intervened) network.
public sealed partial class BayesNet
{
    /// <summary>P(targets | evidence), by this network's default <see cref="Inference"/>; the table's axes are the targets in order.</summary>
    /// <param name="targets">The query variables (at least one, distinct, not observed).</param>
    /// <param name="evidence">Observed values (each variable at most once).</param>
    /// <exception cref="ArgumentException">An unknown variable, duplicate evidence, a target also observed, or an observation conflicting with an intervention.</exception>
    /// <exception cref="InvalidOperationException">The evidence has probability 0, or enumeration is asked of a network too large for it.</exception>
    public FactorTable Query(IReadOnlyList<Variable> targets, IReadOnlyList<Observation> evidence) => Query(targets, evidence, Inference);

    /// <summary>P(targets | evidence) by the given inference method.</summary>
    /// <param name="targets">The query variables.</param>
    /// <param name="evidence">Observed values.</param>
    /// <param name="inference">Variable elimination or enumeration.</param>
    public FactorTable Query(IReadOnlyList<Variable> targets, IReadOnlyList<Observation> evidence, Inference inference)
    {
        ArgumentNullException.ThrowIfNull(inference);
        var (t, e) = Resolve(targets, evidence, requireTargets: true);
        var joint = Run(t, e, inference, log: null);
        string label = Label(t, e);
        if (!(joint.Sum() > 0))
            throw new InvalidOperationException($"{label} is undefined: the evidence has probability 0 under this network.");
        return joint.Normalize().WithLabel(label);
    }

    /// <summary>P(evidence): the joint summed over every assignment that agrees with the evidence.</summary>
    /// <param name="evidence">Observed values (each variable at most once).</param>
    public double Probability(IReadOnlyList<Observation> evidence) => Probability(evidence, Inference);

    /// <summary>P(evidence) by the given inference method.</summary>
    /// <param name="evidence">Observed values.</param>
    /// <param name="inference">Variable elimination or enumeration.</param>
    public double Probability(IReadOnlyList<Observation> evidence, Inference inference)
    {
        ArgumentNullException.ThrowIfNull(inference);
        var (t, e) = Resolve([], evidence, requireTargets: false);
        return Run(t, e, inference, log: null).Sum();
    }

    /// <summary>
    /// The intervened network for do(X₁=x₁, …): each Xᵢ's incoming edges are cut and its CPT becomes a point mass
    /// at xᵢ (graph surgery). Query it like any network; observing an intervened variable at another value is an error.
    /// </summary>
    /// <param name="interventions">The values forced, each variable at most once.</param>
    /// <exception cref="ArgumentException">An unknown variable, a variable given twice, or one already intervened on.</exception>
    public BayesNet Do(IReadOnlyList<Observation> interventions)
    {
        ArgumentNullException.ThrowIfNull(interventions);
        var cpts = (Cpt[])_cpts.Clone();
        var cut = new List<Edge>(_cutEdges);
        var seen = new HashSet<int>();
        foreach (var o in interventions)
        {
            int id = IdOf(o.Variable, $"do({o})");
            CheckState(o, "do");
            if (!seen.Add(id)) throw new ArgumentException($"do(): {o.Variable.Name} is given twice; intervene on each variable once.");
            foreach (var prior in _interventions)
                if (prior.Variable.Equals(o.Variable))
                    throw new ArgumentException($"{o.Variable.Name} is already set by do({prior}); apply do({o}) to the original network instead.");
            cut.AddRange(_cpts[id].Parents.Select(p => new Edge(p, o.Variable)));
            cpts[id] = Cpt.PointMass(_variables[id], o.State);
        }
        return new BayesNet(cpts, [.. _interventions, .. interventions], cut.ToArray(), Inference);
    }

    FactorTable Run(int[] targets, (int Id, int State)[] evidence, Inference inference, ExplainLog? log) =>
        inference.Method == InferenceMethod.Enumeration
            ? Enumeration.Run(this, targets, evidence)
            : VariableElimination.Run(this, targets, evidence, inference.Heuristic, log);

    void CheckState(Observation o, string context)
    {
        if ((uint)o.State >= (uint)o.Variable.Cardinality)
            throw new ArgumentException($"{context}: {o.Variable.Name} has {o.Variable.Cardinality} states ({string.Join(", ", o.Variable.States)}); state {o.State} is out of range.");
    }

    (int[] Targets, (int Id, int State)[] Evidence) Resolve(IReadOnlyList<Variable> targets, IReadOnlyList<Observation> evidence, bool requireTargets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(evidence);
        if (requireTargets && targets.Count == 0) throw new ArgumentException("A query needs at least one variable to ask about.");
        var t = new int[targets.Count];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = IdOf(targets[i], "Query");
            for (int j = 0; j < i; j++)
                if (t[j] == t[i]) throw new ArgumentException($"Query: {targets[i].Name} is asked for twice.");
        }
        var e = new (int Id, int State)[evidence.Count];
        for (int i = 0; i < e.Length; i++)
        {
            var o = evidence[i];
            if (o.Variable is null) throw new ArgumentException($"Evidence {i} has no variable.");
            if (!_index.TryGetValue(o.Variable, out int id))
                throw new ArgumentException($"Evidence names {o.Variable.Name}, which is not a variable of this network (its variables: {FactorTable.Names(_variables)}).");
            CheckState(o, "Evidence");
            for (int j = 0; j < i; j++)
                if (e[j].Id == id)
                    throw new ArgumentException($"Duplicate evidence: {o.Variable.Name} is observed twice ({evidence[j].StateName} and {o.StateName}); give each variable at most once.");
            if (Array.IndexOf(t, id) >= 0)
                throw new ArgumentException($"{o.Variable.Name} is both asked for and observed ({o}); P({o.Variable.Name} | {o.StateName}, …) is a point mass. Leave it out of the query or the evidence.");
            foreach (var d in _interventions)
                if (d.Variable.Equals(o.Variable) && d.State != o.State)
                    throw new ArgumentException($"{o.Variable.Name} is set by do({d}) and observed as {o.StateName}: an intervened variable cannot be observed at another value. " +
                        "Drop the observation, or intervene on the original network with the value you observe.");
            e[i] = (id, o.State);
        }
        return (t, e);
    }

    /// <summary>
    /// Formula notation: "P(G | r1, s0)", "P(R | do(G=g2))". Evidence shows the bare state name when no other
    /// variable of the network has a state of that name, "X=x" otherwise.
    /// </summary>
    internal string Label(int[] targets, (int Id, int State)[] evidence)
    {
        var conditions = _interventions.Select(d => $"do({d})").Concat(evidence.Select(e => StateLabel(e.Id, e.State))).ToList();
        string head = targets.Length == 0 ? string.Join(", ", evidence.Select(e => StateLabel(e.Id, e.State))) : string.Join(", ", targets.Select(i => _variables[i].Name));
        if (targets.Length == 0) conditions = _interventions.Select(d => $"do({d})").ToList();
        return conditions.Count == 0 ? $"P({head})" : $"P({head} | {string.Join(", ", conditions)})";
    }

    internal string StateLabel(int id, int state)
    {
        string s = _variables[id].States[state];
        return _ambiguousStates.Contains(s) ? $"{_variables[id].Name}={s}" : s;
    }
}
