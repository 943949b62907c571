using System.Collections.ObjectModel;

namespace Edu.Sdk.Probability;

/// <summary>
/// A factor φ(X₁, …, Xₙ): a non-negative function of discrete variables, stored as one contiguous array of doubles
/// in row-major order (the last variable varies fastest), with a stride per variable.
/// Every operation aligns axes by <see cref="Variable"/>, never by position: <c>a * b</c> matches the axes the two
/// tables share whatever order each lists them in, and <c>SumOut&lt;G&gt;()</c> removes the axis that is G.
/// Tables are immutable; each operation returns a new one.
/// </summary>
public sealed partial class FactorTable
{
    readonly Variable[] _variables;
    readonly int[] _strides;
    readonly double[] _values;

    /// <summary>Creates a table over the variables, in that axis order, from values in row-major order.</summary>
    /// <param name="variables">The axes, first to last; the last varies fastest in <paramref name="values"/>.</param>
    /// <param name="values">Π cardinalities values: for two axes A (2 states) and B (3 states), φ(a0,b0), φ(a0,b1), φ(a0,b2), φ(a1,b0), …</param>
    /// <exception cref="ArgumentException">A variable is repeated, the count of values is wrong, or a value is NaN.</exception>
    public FactorTable(IReadOnlyList<Variable> variables, ReadOnlySpan<double> values)
        : this(Check(variables, values), values.ToArray(), label: null) { }

    internal FactorTable(Variable[] variables, double[] values, string? label)
    {
        _variables = variables;
        _values = values;
        _strides = StridesOf(variables);
        Label = label;
        Variables = new ReadOnlyCollection<Variable>(_variables);
    }

    static Variable[] Check(IReadOnlyList<Variable> variables, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var vars = variables.ToArray();
        long size = 1;
        for (int i = 0; i < vars.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(vars[i]);
            for (int j = 0; j < i; j++)
                if (vars[j].Equals(vars[i]))
                    throw new ArgumentException($"Variable {vars[i].Name} appears twice among the axes ({Names(vars)}); a table has one axis per variable.");
            size *= vars[i].Cardinality;
        }
        if (size != values.Length)
            throw new ArgumentException($"A table over ({Names(vars)}) needs {string.Join("×", vars.Select(v => v.Cardinality).DefaultIfEmpty(1))} = {size} values in row-major order (the last axis varies fastest), but {values.Length} were given.");
        for (int i = 0; i < values.Length; i++)
            if (double.IsNaN(values[i]))
                throw new ArgumentException($"Value {i} of the table over ({Names(vars)}) is NaN.");
        return vars;
    }

    internal static int[] StridesOf(Variable[] variables)
    {
        var strides = new int[variables.Length];
        int s = 1;
        for (int i = variables.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= variables[i].Cardinality;
        }
        return strides;
    }

    internal static string Names(IEnumerable<Variable> vars) => string.Join(", ", vars.Select(v => v.Name));

    /// <summary>A table over no variables holding one number (what summing out every axis leaves).</summary>
    /// <param name="value">The number.</param>
    public static FactorTable Scalar(double value) => new([], [value], null);

    /// <summary>The axes, in storage order.</summary>
    public IReadOnlyList<Variable> Variables { get; }

    /// <summary>The values in row-major order over <see cref="Variables"/> (the last varies fastest).</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The number of entries: the product of the cardinalities.</summary>
    public int Count => _values.Length;

    /// <summary>The stride of each axis in <see cref="Values"/>.</summary>
    public IReadOnlyList<int> Strides => _strides;

    /// <summary>
    /// What the table is, in formula notation, when it is the answer to a query (<c>P(G | r1, s0)</c>); printed as the
    /// heading of <see cref="ToString()"/>. Operations return unlabelled tables.
    /// </summary>
    public string? Label { get; }

    /// <summary>The same values under another label (used for query answers).</summary>
    /// <param name="label">The label, or null for none.</param>
    public FactorTable WithLabel(string? label) => new(_variables, _values, label);

    /// <summary>The sum of all entries.</summary>
    public double Sum()
    {
        double s = 0;
        foreach (double v in _values) s += v;
        return s;
    }

    /// <summary>The axis position of a variable, or -1 when the table does not have it.</summary>
    /// <param name="variable">A variable.</param>
    public int AxisOf(Variable variable)
    {
        for (int i = 0; i < _variables.Length; i++)
            if (ReferenceEquals(_variables[i], variable)) return i;
        for (int i = 0; i < _variables.Length; i++)
            if (_variables[i].Equals(variable)) return i;
        return -1;
    }

    /// <summary>Whether the table has an axis for the variable.</summary>
    /// <param name="variable">A variable.</param>
    public bool Contains(Variable variable) => AxisOf(variable) >= 0;

    int RequireAxis(Variable variable, string operation) =>
        AxisOf(variable) is int a and >= 0 ? a
        : throw new ArgumentException($"{operation}: this table is over ({Names(_variables)}) and has no axis {variable.Name}.");

    /// <summary>The value at a full assignment, one observation per axis, in any order.</summary>
    /// <param name="assignment">One state for each axis of the table.</param>
    /// <exception cref="ArgumentException">An axis is missing or repeated, or a variable is not an axis.</exception>
    public double Value(params Observation[] assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        return _values[OffsetOf(assignment)];
    }

    internal int OffsetOf(ReadOnlySpan<Observation> assignment)
    {
        if (assignment.Length != _variables.Length)
            throw new ArgumentException($"A table over ({Names(_variables)}) is indexed by one state of each of its {_variables.Length} variables, " +
                $"but {assignment.Length} were given ({string.Join(", ", assignment.ToArray())}).");
        int offset = 0;
        Span<bool> seen = stackalloc bool[_variables.Length];
        foreach (var o in assignment)
        {
            int a = RequireAxis(o.Variable, "Indexing");
            if (seen[a]) throw new ArgumentException($"Indexing: {o.Variable.Name} is given twice.");
            seen[a] = true;
            if ((uint)o.State >= (uint)_variables[a].Cardinality)
                throw new ArgumentException($"Indexing: {o.Variable.Name} has {_variables[a].Cardinality} states; {o.State} is out of range.");
            offset += o.State * _strides[a];
        }
        return offset;
    }

    internal double[] RawValues => _values;
    internal Variable[] RawVariables => _variables;
    internal int[] RawStrides => _strides;
}
