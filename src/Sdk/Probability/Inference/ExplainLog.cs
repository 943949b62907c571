using System.Text;

namespace Edu.Sdk.Probability;

/// <summary>Collects the text and steps of one explained elimination run.</summary>
internal sealed class ExplainLog
{
    readonly StringBuilder _text = new();

    public List<EliminationStep> Steps { get; } = [];
    public List<Variable> Order { get; } = [];
    public required string JointLabel { get; init; }
    public StringBuilder Text => _text;

    static string Indent(object table) => "    " + table.ToString()!.Replace("\n", "\n    ", StringComparison.Ordinal);

    public void Start(BayesNet net, int[] targets, (int Id, int State)[] evidence, bool[] relevant, List<string> factorNames, int[] order, EliminationHeuristic heuristic)
    {
        var all = Enumerable.Range(0, net.Count);
        _text.Append("The network factorises: P(").Append(FactorTable.Names(net.Variables)).Append(") = ")
             .AppendJoin(" ", net.Cpts.Select(c => c.Name)).Append('\n');
        var dropped = all.Where(i => !relevant[i]).ToArray();
        if (dropped.Length > 0)
            _text.Append("Dropped: ").AppendJoin(" ", dropped.Select(i => net.CptAt(i).Name))
                 .Append(" (").AppendJoin(", ", dropped.Select(i => net.VariableAt(i).Name))
                 .Append(" neither asked, observed, nor an ancestor of one: summed out, each CPT gives 1)\n");
        if (evidence.Length > 0)
            _text.Append("The evidence ").AppendJoin(", ", evidence.Select(e => net.StateLabel(e.Id, e.State)))
                 .Append(" keeps the matching entries of each CPT: ").AppendJoin(" ", factorNames).Append('\n');
        var hiddenNames = order.Select(i => net.VariableAt(i).Name).ToArray();
        _text.Append("So ").Append(JointLabel).Append(" = ")
             .Append(hiddenNames.Length > 0 ? $"Σ_{{{string.Join(", ", hiddenNames)}}} " : "")
             .AppendJoin(" ", factorNames.DefaultIfEmpty("1")).Append('\n');
        Order.AddRange(order.Select(net.VariableAt));
        _text.Append("Elimination order (").Append(Inference.VariableElimination.With(heuristic).ToString().Replace("variable elimination (", "", StringComparison.Ordinal).TrimEnd(')'))
             .Append("): ").Append(hiddenNames.Length > 0 ? string.Join(", ", hiddenNames) : "nothing to eliminate").Append('\n');
    }

    public void Step(int number, Variable v, List<string> multiplied, FactorTable product, FactorTable message, string messageName, string productName)
    {
        Steps.Add(new EliminationStep(number, v, multiplied, productName, product, messageName, message));
        _text.Append('\n').Append("Step ").Append(number).Append(": eliminate ").Append(v.Name).Append('\n')
             .Append("  ").Append(productName).Append(" = ").AppendJoin(" · ", multiplied).Append('\n')
             .Append("  ").Append(messageName).Append(" = Σ_").Append(v.Name).Append(' ').Append(productName).Append('\n')
             .Append(Indent(message)).Append('\n');
    }

    public void Finish(List<string> remaining, FactorTable result)
    {
        _text.Append('\n').Append("Multiply what remains: ").Append(JointLabel).Append(" = ").AppendJoin(" · ", remaining.DefaultIfEmpty("1")).Append('\n')
             .Append(Indent(result)).Append('\n');
    }
}
