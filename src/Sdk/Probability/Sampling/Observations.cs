using System.Collections.ObjectModel;

namespace Edu.Sdk.Probability;

/// <summary>
/// A table of observations: one column per variable, one row per observed case, states by index.
/// What <see cref="BayesNet.Sample"/> returns and what <see cref="Cpt.FromCounts"/> learns from.
/// </summary>
public sealed class Observations
{
    readonly Variable[] _variables;
    readonly List<int[]> _rows = [];

    /// <summary>An empty table with the given columns.</summary>
    /// <param name="variables">The columns, distinct.</param>
    public Observations(IReadOnlyList<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        _variables = variables.ToArray();
        for (int i = 0; i < _variables.Length; i++)
            for (int j = 0; j < i; j++)
                if (_variables[i].Equals(_variables[j])) throw new ArgumentException($"Observations: the column {_variables[i].Name} appears twice.");
        Variables = new ReadOnlyCollection<Variable>(_variables);
    }

    /// <summary>An empty table over enum-typed columns (add rows with <see cref="Add(Enum[])"/>).</summary>
    /// <param name="columns">Enum types, one per column.</param>
    public static Observations Of(params Type[] columns) => new(columns.Select(Variable.Of).ToArray());

    /// <summary>The columns.</summary>
    public IReadOnlyList<Variable> Variables { get; }

    /// <summary>The number of rows.</summary>
    public int Count => _rows.Count;

    internal List<int[]> Rows => _rows;

    /// <summary>The column of a variable.</summary>
    /// <param name="variable">A column's variable.</param>
    public int ColumnOf(Variable variable)
    {
        int i = Array.IndexOf(_variables, variable);
        return i >= 0 ? i : throw new ArgumentException($"The observations have no column {variable?.Name}; their columns are {FactorTable.Names(_variables)}.");
    }

    /// <summary>Adds a row of state indices, one per column in order.</summary>
    /// <param name="states">The state index of each column.</param>
    public void Add(params int[] states)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Length != _variables.Length)
            throw new ArgumentException($"A row has one state per column ({FactorTable.Names(_variables)}); {states.Length} were given.");
        for (int k = 0; k < states.Length; k++)
            if ((uint)states[k] >= (uint)_variables[k].Cardinality)
                throw new ArgumentException($"Column {_variables[k].Name} has {_variables[k].Cardinality} states; {states[k]} is out of range.");
        _rows.Add((int[])states.Clone());
    }

    /// <summary>Adds a row given as enum values, one per column, in any order: <c>data.Add(S.s1, G.g2)</c>.</summary>
    /// <param name="row">One enum value per column.</param>
    public void Add(params Enum[] row)
    {
        var obs = EnumVariables.Observations(row);
        var states = new int[_variables.Length];
        Array.Fill(states, -1);
        foreach (var o in obs)
        {
            int c = ColumnOf(o.Variable);
            if (states[c] >= 0) throw new ArgumentException($"The row gives {o.Variable.Name} twice.");
            states[c] = o.State;
        }
        int missing = Array.IndexOf(states, -1);
        if (missing >= 0) throw new ArgumentException($"The row gives no value for the column {_variables[missing].Name}.");
        _rows.Add(states);
    }

    /// <summary>The state index in a row and column.</summary>
    /// <param name="row">The row.</param>
    /// <param name="variable">The column's variable.</param>
    public int this[int row, Variable variable] => _rows[row][ColumnOf(variable)];

    /// <summary>The state of the enum-typed column <typeparamref name="T"/> in a row.</summary>
    /// <typeparam name="T">A column's variable.</typeparam>
    /// <param name="row">The row.</param>
    public T Get<T>(int row) where T : struct, Enum => EnumVariables.ValueAt<T>(this[row, Variable.Of<T>()]);

    /// <summary>
    /// Relative frequencies of the targets among the rows that match the evidence: the sampling estimate of
    /// P(targets | evidence) by rejection.
    /// </summary>
    /// <param name="targets">Columns to tabulate.</param>
    /// <param name="evidence">Rows not matching these observations are skipped.</param>
    /// <exception cref="InvalidOperationException">No row matches the evidence.</exception>
    public FactorTable Frequencies(IReadOnlyList<Variable> targets, IReadOnlyList<Observation> evidence)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(evidence);
        var tv = targets.ToArray();
        int[] tc = tv.Select(ColumnOf).ToArray();
        var ec = evidence.Select(o => (Column: ColumnOf(o.Variable), o.State)).ToArray();
        var strides = FactorTable.StridesOf(tv);
        var counts = new double[tv.Aggregate(1, (n, v) => n * v.Cardinality)];
        int kept = 0;
        foreach (var row in _rows)
        {
            bool match = true;
            foreach (var (c, s) in ec) match &= row[c] == s;
            if (!match) continue;
            kept++;
            int i = 0;
            for (int k = 0; k < tc.Length; k++) i += row[tc[k]] * strides[k];
            counts[i] += 1;
        }
        if (kept == 0)
            throw new InvalidOperationException($"None of the {Count} observations matches the evidence ({string.Join(", ", evidence)}).");
        for (int i = 0; i < counts.Length; i++) counts[i] /= kept;
        return new FactorTable(tv, counts, null);
    }

    /// <summary>Relative frequencies of <typeparamref name="A"/> among rows matching the evidence.</summary>
    /// <typeparam name="A">The column tabulated.</typeparam>
    /// <param name="evidence">Enum values the rows must match.</param>
    public FactorTable Frequencies<A>(params Enum[] evidence) where A : struct, Enum =>
        Frequencies([Variable.Of<A>()], EnumVariables.Observations(evidence));

    /// <summary>Relative frequencies of (<typeparamref name="A"/>, <typeparamref name="B"/>) among rows matching the evidence.</summary>
    /// <typeparam name="A">The first column tabulated.</typeparam>
    /// <typeparam name="B">The second column tabulated.</typeparam>
    /// <param name="evidence">Enum values the rows must match.</param>
    public FactorTable Frequencies<A, B>(params Enum[] evidence) where A : struct, Enum where B : struct, Enum =>
        Frequencies([Variable.Of<A>(), Variable.Of<B>()], EnumVariables.Observations(evidence));

    /// <summary>The observations as an aligned table of state names (the first 20 rows, then a count).</summary>
    public override string ToString()
    {
        var w = _variables.Select(v => Math.Max(v.Name.Length, v.States.Max(x => x.Length))).ToArray();
        var sb = new System.Text.StringBuilder();
        sb.AppendJoin("  ", _variables.Select((v, k) => v.Name.PadRight(w[k]))).Append('\n');
        foreach (var row in _rows.Take(20))
            sb.AppendJoin("  ", row.Select((x, k) => _variables[k].States[x].PadRight(w[k]))).Append('\n');
        if (_rows.Count > 20) sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"… {_rows.Count - 20} more rows ({_rows.Count} in all)\n");
        return string.Join('\n', sb.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd()));
    }
}
