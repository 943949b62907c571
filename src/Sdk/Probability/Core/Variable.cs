using System.Collections.ObjectModel;

namespace Edu.Sdk.Probability;

/// <summary>
/// A discrete random variable of the runtime core: a name and the names of its states, in order.
/// The typed front makes one for each enum type (<see cref="Of{T}"/>); generated networks, property tests
/// and files make them directly.
/// </summary>
/// <remarks>
/// Two variables are equal when their names and state names are equal: factor tables align their axes by
/// variable, so an axis is found by what it means, never by its position.
/// </remarks>
public sealed class Variable : IEquatable<Variable>
{
    readonly string[] _states;

    /// <summary>Creates a variable with the given name and state names (at least one, distinct, non-empty).</summary>
    /// <param name="name">The variable's name, as printed in formulas: <c>G</c> in <c>P(G | r1)</c>.</param>
    /// <param name="states">The state names, in order; the state index is the position in this list.</param>
    /// <param name="description">An optional sentence saying what the variable means.</param>
    /// <exception cref="ArgumentException">The name is empty, there are no states, or two states share a name.</exception>
    public Variable(string name, IEnumerable<string> states, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A variable needs a non-empty name.");
        _states = states.ToArray();
        if (_states.Length == 0)
            throw new ArgumentException($"Variable {name} has no states: give it at least one state name.");
        for (int i = 0; i < _states.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(_states[i]))
                throw new ArgumentException($"Variable {name}: state {i} has an empty name.");
            for (int j = 0; j < i; j++)
                if (_states[j] == _states[i])
                    throw new ArgumentException($"Variable {name} lists the state '{_states[i]}' twice (positions {j} and {i}); state names must be distinct.");
        }
        Name = name;
        States = new ReadOnlyCollection<string>(_states);
        Description = description;
    }

    /// <summary>Creates a variable with the given name and state names.</summary>
    /// <param name="name">The variable's name.</param>
    /// <param name="states">The state names, in order.</param>
    public Variable(string name, params string[] states) : this(name, (IEnumerable<string>)states) { }

    /// <summary>The variable's name, as printed in formulas.</summary>
    public string Name { get; }

    /// <summary>The state names; a state's index is its position here.</summary>
    public IReadOnlyList<string> States { get; }

    /// <summary>The number of states.</summary>
    public int Cardinality => _states.Length;

    /// <summary>What the variable means, when known (from <see cref="System.ComponentModel.DescriptionAttribute"/> on an enum).</summary>
    public string? Description { get; }

    /// <summary>The enum type this variable was made from, or null for a runtime variable.</summary>
    public Type? EnumType { get; internal init; }

    /// <summary>Descriptions of the states, one per state (null where none was given).</summary>
    public IReadOnlyList<string?> StateDescriptions { get; internal init; } = [];

    /// <summary>The variable of the enum type <typeparamref name="T"/>: its members are the states.</summary>
    /// <typeparam name="T">An enum whose members are the states, in order of value.</typeparam>
    public static Variable Of<T>() where T : struct, Enum => EnumVariables.Get(typeof(T)).Variable;

    /// <summary>The variable of an enum type given at run time.</summary>
    /// <param name="enumType">An enum type.</param>
    public static Variable Of(Type enumType) => EnumVariables.Get(enumType).Variable;

    /// <summary>The index of the state with the given name.</summary>
    /// <param name="state">A state name of this variable.</param>
    /// <exception cref="ArgumentException">The variable has no such state.</exception>
    public int IndexOf(string state)
    {
        int i = Array.IndexOf(_states, state);
        if (i < 0) throw new ArgumentException($"Variable {Name} has no state '{state}'; its states are {string.Join(", ", _states)}.");
        return i;
    }

    /// <summary>The observation "this variable is in the named state".</summary>
    /// <param name="state">A state name of this variable.</param>
    public Observation Is(string state) => new(this, IndexOf(state));

    /// <summary>The observation "this variable is in the state with this index".</summary>
    /// <param name="state">A state index in [0, <see cref="Cardinality"/>).</param>
    public Observation Is(int state) => new(this, state);

    /// <inheritdoc/>
    public bool Equals(Variable? other) =>
        ReferenceEquals(this, other) || (other is not null && other.Name == Name && other._states.AsSpan().SequenceEqual(_states));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Variable v && Equals(v);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <summary>The variable's name.</summary>
    public override string ToString() => Name;

    /// <summary>Equality by name and state names.</summary>
    /// <param name="a">A variable.</param>
    /// <param name="b">Another variable.</param>
    public static bool operator ==(Variable? a, Variable? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Inequality by name and state names.</summary>
    /// <param name="a">A variable.</param>
    /// <param name="b">Another variable.</param>
    public static bool operator !=(Variable? a, Variable? b) => !(a == b);
}
