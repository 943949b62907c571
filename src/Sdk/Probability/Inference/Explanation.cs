namespace Edu.Sdk.Probability;

/// <summary>
/// A query answered step by step (by variable elimination): the formula, the factors kept and dropped, each
/// elimination with its intermediate factor, and the normalisation. <see cref="ToString"/> is the printable text.
/// </summary>
public sealed class Explanation
{
    internal Explanation(string text, FactorTable result, IReadOnlyList<EliminationStep> steps, IReadOnlyList<Variable> order)
    {
        Text = text;
        Result = result;
        Steps = steps;
        EliminationOrder = order;
    }

    /// <summary>The explanation, ready to print.</summary>
    public string Text { get; }

    /// <summary>The answer: the same table <c>Query</c> returns.</summary>
    public FactorTable Result { get; }

    /// <summary>The elimination steps, in order.</summary>
    public IReadOnlyList<EliminationStep> Steps { get; }

    /// <summary>The order in which hidden variables were eliminated.</summary>
    public IReadOnlyList<Variable> EliminationOrder { get; }

    /// <summary>The explanation text.</summary>
    public override string ToString() => Text;
}
