namespace Edu.Sdk.Probability;

/// <summary>A directed edge Parent → Child of a Bayesian network's graph.</summary>
/// <param name="Parent">The tail.</param>
/// <param name="Child">The head.</param>
public readonly record struct Edge(Variable Parent, Variable Child)
{
    /// <summary>The edge between two enum-typed variables: <c>Edge.Of&lt;S, R&gt;()</c> is S → R.</summary>
    /// <typeparam name="TParent">The parent.</typeparam>
    /// <typeparam name="TChild">The child.</typeparam>
    public static Edge Of<TParent, TChild>() where TParent : struct, Enum where TChild : struct, Enum =>
        new(Variable.Of<TParent>(), Variable.Of<TChild>());

    /// <summary>"S -> R".</summary>
    public override string ToString() => $"{Parent.Name} -> {Child.Name}";
}
