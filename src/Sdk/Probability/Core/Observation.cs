namespace Edu.Sdk.Probability;

/// <summary>
/// "Variable X is in state k": one piece of evidence, or one intervention, in the runtime core.
/// The typed front writes it as an enum value (<c>R.r1</c>); <see cref="Of(Enum)"/> converts.
/// </summary>
/// <param name="Variable">The variable observed or set.</param>
/// <param name="State">The index of its state.</param>
public readonly record struct Observation(Variable Variable, int State)
{
    /// <summary>The name of the observed state.</summary>
    public string StateName => State >= 0 && State < Variable.Cardinality ? Variable.States[State] : $"#{State}";

    /// <summary>The observation an enum value stands for: <c>R.r1</c> is "R is in state r1".</summary>
    /// <param name="value">A member of an enum used as a variable.</param>
    public static Observation Of(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var info = EnumVariables.Get(value.GetType());
        return new Observation(info.Variable, info.IndexOf(value));
    }

    /// <summary>"X=x", as in <c>do(G=g2)</c>.</summary>
    public override string ToString() => $"{Variable.Name}={StateName}";
}
