namespace Edu.Sdk.Probability;

/// <summary>One entry of a <see cref="FactorTable"/>: a state for each axis, and the value there.</summary>
public sealed class FactorRow
{
    readonly int[] _states;

    internal FactorRow(IReadOnlyList<Variable> variables, int[] states, double value)
    {
        Variables = variables;
        _states = states;
        Value = value;
    }

    /// <summary>The table's axes, in order.</summary>
    public IReadOnlyList<Variable> Variables { get; }

    /// <summary>The state index of each axis, in the order of <see cref="Variables"/>.</summary>
    public IReadOnlyList<int> States => _states;

    /// <summary>The state names of each axis, in the order of <see cref="Variables"/>.</summary>
    public IReadOnlyList<string> StateNames => _states.Select((s, k) => Variables[k].States[s]).ToArray();

    /// <summary>The entry's value.</summary>
    public double Value { get; }

    /// <summary>The state index of one axis.</summary>
    /// <param name="variable">An axis of the table.</param>
    public int StateOf(Variable variable)
    {
        for (int k = 0; k < Variables.Count; k++) if (Variables[k].Equals(variable)) return _states[k];
        throw new ArgumentException($"This row is over ({FactorTable.Names(Variables)}) and has no {variable?.Name}.");
    }

    /// <summary>The state of the axis whose variable is the enum <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">An enum used as a variable, an axis of the table.</typeparam>
    public T Get<T>() where T : struct, Enum => EnumVariables.ValueAt<T>(StateOf(Variable.Of<T>()));

    /// <summary>"S=s1, G=g0: 0.144".</summary>
    public override string ToString() =>
        string.Join(", ", _states.Select((s, k) => $"{Variables[k].Name}={Variables[k].States[s]}")) + $": {Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}";
}
