namespace Edu.Sdk.Probability;

/// <summary>How a query is answered.</summary>
public enum InferenceMethod
{
    /// <summary>Variable elimination: multiply the factors that mention a variable, sum it out, repeat. Never builds the joint.</summary>
    VariableElimination,

    /// <summary>Enumeration of every joint assignment that agrees with the evidence: the reference, exponential in the number of variables.</summary>
    Enumeration,
}

/// <summary>The greedy rule that picks the next variable to eliminate (Koller &amp; Friedman, §9.4.3.2).</summary>
public enum EliminationHeuristic
{
    /// <summary>The variable whose elimination adds the fewest new edges to the interaction graph (the default; best in practice).</summary>
    MinFill,

    /// <summary>The variable whose elimination creates the smallest factor (product of the cardinalities of it and its neighbours).</summary>
    MinWeight,

    /// <summary>The variable with the fewest neighbours in the interaction graph.</summary>
    MinNeighbors,
}

/// <summary>
/// An inference method, with its options: <see cref="VariableElimination"/> (the default) or <see cref="Enumeration"/>
/// (the reference). Pass one to <c>net.Using(…)</c> or to a runtime <c>Query</c>.
/// </summary>
/// <param name="Method">Elimination or enumeration.</param>
/// <param name="Heuristic">The elimination ordering heuristic (ignored by enumeration).</param>
public sealed record Inference(InferenceMethod Method, EliminationHeuristic Heuristic)
{
    /// <summary>
    /// The most joint entries enumeration will visit (2^26 = 67,108,864): beyond it, it refuses with a message
    /// rather than run for hours (a 4×10 grid of binary variables has 2^40).
    /// </summary>
    public const long MaxEnumerationEntries = 1L << 26;

    /// <summary>Variable elimination with a min-fill ordering.</summary>
    public static Inference VariableElimination { get; } = new(InferenceMethod.VariableElimination, EliminationHeuristic.MinFill);

    /// <summary>Enumeration of the joint, the reference answer.</summary>
    public static Inference Enumeration { get; } = new(InferenceMethod.Enumeration, EliminationHeuristic.MinFill);

    /// <summary>The same method with another elimination heuristic.</summary>
    /// <param name="heuristic">The ordering heuristic.</param>
    public Inference With(EliminationHeuristic heuristic) => this with { Heuristic = heuristic };

    /// <summary>"variable elimination (min-fill)" or "enumeration".</summary>
    public override string ToString() => Method == InferenceMethod.Enumeration ? "enumeration"
        : $"variable elimination ({Heuristic switch { EliminationHeuristic.MinFill => "min-fill", EliminationHeuristic.MinWeight => "min-weight", _ => "min-neighbours" }})";
}
