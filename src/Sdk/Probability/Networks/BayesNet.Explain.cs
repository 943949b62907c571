using System.Globalization;

namespace Edu.Sdk.Probability;

public sealed partial class BayesNet
{
    /// <summary>
    /// Answers P(targets | evidence) by variable elimination and says how: the definition as a ratio, the
    /// factorisation, the CPTs dropped and reduced, the sum to compute, each elimination step with the intermediate
    /// factor τ, and the normalisation.
    /// </summary>
    /// <param name="targets">The query variables.</param>
    /// <param name="evidence">Observed values.</param>
    public Explanation Explain(IReadOnlyList<Variable> targets, IReadOnlyList<Observation> evidence)
    {
        var (t, e) = Resolve(targets, evidence, requireTargets: true);
        string label = Label(t, e);
        string joint = Formula(t.Select(i => _variables[i].Name).Concat(e.Select(x => StateLabel(x.Id, x.State))));
        string evidenceOnly = Formula(e.Select(x => StateLabel(x.Id, x.State)));
        var log = new ExplainLog { JointLabel = joint };
        var table = VariableElimination.Run(this, t, e, Inference.Heuristic, log);
        var head = new System.Text.StringBuilder();
        head.Append("Query: ").Append(label).Append('\n');
        if (_interventions.Length > 0)
            head.Append(string.Join(", ", _interventions.Select(d => $"do({d})")))
                .Append(": graph surgery. Each intervened variable's CPT is replaced by a point mass at its value and its incoming edges (")
                .Append(string.Join(", ", _cutEdges.Select(x => x.ToString()).DefaultIfEmpty("none")))
                .Append(") are cut; every other CPT is unchanged.\n");
        if (e.Length > 0)
            head.Append("By definition ").Append(label).Append(" = ").Append(joint).Append(" / ").Append(evidenceOnly)
                .Append(", and ").Append(evidenceOnly).Append(" = Σ_{").Append(string.Join(", ", t.Select(i => _variables[i].Name))).Append("} ").Append(joint).Append(".\n");
        log.Text.Insert(0, head.ToString());
        double z = table.Sum();
        if (!(z > 0))
            throw new InvalidOperationException($"{label} is undefined: the evidence has probability 0 under this network.");
        log.Text.Append('\n').Append("Normalise: ")
            .Append(e.Length > 0 ? $"{evidenceOnly} = Σ {joint} = {z.ToString("G12", CultureInfo.InvariantCulture)}" : $"Σ {joint} = {z.ToString("G12", CultureInfo.InvariantCulture)} (1 up to rounding: there is no evidence)")
            .Append('\n');
        var result = table.Normalize().WithLabel(label);
        log.Text.Append('\n').Append(result);
        return new Explanation(log.Text.ToString(), result, log.Steps, log.Order);
    }

    string Formula(IEnumerable<string> heads)
    {
        var h = string.Join(", ", heads);
        if (h.Length == 0) h = "∅";
        return _interventions.Length == 0 ? $"P({h})" : $"P({h} | {string.Join(", ", _interventions.Select(d => $"do({d})"))})";
    }
}
