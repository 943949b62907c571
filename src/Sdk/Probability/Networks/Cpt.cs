using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;

namespace Edu.Sdk.Probability;

/// <summary>
/// A conditional probability table P(X | U₁, …, Uₖ): for each assignment of the parents (a row), a distribution
/// over the child. Stored as a <see cref="FactorTable"/> with axes (U₁, …, Uₖ, X), so a row is contiguous.
/// Validated on construction: every entry is in [0, 1] and every row sums to 1 within <see cref="RowTolerance"/>;
/// a failure names the variable, the row (its parent values) and the sum.
/// </summary>
public sealed class Cpt
{
    /// <summary>How far from 1 a row's sum may be.</summary>
    public const double RowTolerance = 1e-9;

    /// <summary>Creates the CPT of <paramref name="child"/> given <paramref name="parents"/>.</summary>
    /// <param name="child">The variable whose distribution the table gives.</param>
    /// <param name="parents">The parents, in the order of the rows (the first varies slowest).</param>
    /// <param name="values">
    /// The rows one after another: for parents (S, D) and child G, the rows are (s0,d0), (s0,d1), (s1,d0), (s1,d1),
    /// each |G| values P(g0 | …), P(g1 | …), ….
    /// </param>
    /// <exception cref="ArgumentException">Wrong count, a parent repeated or equal to the child, a negative entry, or a row not summing to 1.</exception>
    public Cpt(Variable child, IReadOnlyList<Variable> parents, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(parents);
        var ps = parents.ToArray();
        foreach (var p in ps)
        {
            ArgumentNullException.ThrowIfNull(p);
            if (p.Equals(child))
                throw new ArgumentException($"The CPT of {child.Name} lists {child.Name} among its own parents; a variable cannot be its own parent.");
        }
        for (int i = 0; i < ps.Length; i++)
            for (int j = 0; j < i; j++)
                if (ps[i].Equals(ps[j])) throw new ArgumentException($"The CPT of {child.Name} lists the parent {ps[i].Name} twice.");
        Child = child;
        Parents = new ReadOnlyCollection<Variable>(ps);
        RowCount = ps.Aggregate(1, (n, p) => n * p.Cardinality);
        long expected = (long)RowCount * child.Cardinality;
        if (values.Length != expected)
            throw new ArgumentException($"{Name} needs {RowCount} row(s) of {child.Cardinality} values ({expected} in all, the parents' rows in order " +
                $"{string.Join(", ", Enumerable.Range(0, Math.Min(RowCount, 4)).Select(r => "(" + RowName(r) + ")"))}{(RowCount > 4 ? ", …" : "")}), but {values.Length} were given.");
        int c = child.Cardinality;
        for (int r = 0; r < RowCount; r++)
        {
            var row = values.Slice(r * c, c);
            double sum = 0;
            for (int k = 0; k < c; k++)
            {
                if (!(row[k] >= 0) || double.IsInfinity(row[k]))
                    throw new ArgumentException($"{Entry(k, r)} = {row[k].ToString("R", CultureInfo.InvariantCulture)} is {(row[k] < 0 ? "negative" : "not a number")}: " +
                        $"a probability must be in [0, 1]. Fix row ({RowLabel(r)}) of the CPT of {child.Name}.");
                sum += row[k];
            }
            if (Math.Abs(sum - 1) > RowTolerance)
                throw new ArgumentException($"The CPT of {child.Name}: {(ps.Length == 0 ? $"P({child.Name})" : $"row ({RowLabel(r)})")} sums to {sum.ToString("G15", CultureInfo.InvariantCulture)}, not 1 " +
                    $"({string.Join(" + ", row.ToArray().Select(v => v.ToString("G15", CultureInfo.InvariantCulture)))}). " +
                    $"Each row is the distribution P({child.Name}{(ps.Length == 0 ? "" : " | " + RowLabel(r))}) and must sum to 1 within {RowTolerance:0e0}.");
        }
        Table = new FactorTable([.. ps, child], values.ToArray(), null);
    }

    /// <summary>The variable whose distribution the table gives.</summary>
    public Variable Child { get; }

    /// <summary>The parents, in row order (the first varies slowest).</summary>
    public IReadOnlyList<Variable> Parents { get; }

    /// <summary>The number of rows: the product of the parents' cardinalities (1 for a root).</summary>
    public int RowCount { get; }

    /// <summary>The table over (parents…, child).</summary>
    public FactorTable Table { get; }

    /// <summary>"P(G | S, D)", or "P(S)" for a root.</summary>
    public string Name => Parents.Count == 0 ? $"P({Child.Name})" : $"P({Child.Name} | {FactorTable.Names(Parents)})";

    /// <summary>P(child = <paramref name="childState"/> | parents = <paramref name="parentStates"/>), states by index.</summary>
    /// <param name="childState">The child's state index.</param>
    /// <param name="parentStates">One state index per parent, in the order of <see cref="Parents"/>.</param>
    public double Probability(int childState, params int[] parentStates)
    {
        ArgumentNullException.ThrowIfNull(parentStates);
        if (parentStates.Length != Parents.Count)
            throw new ArgumentException($"{Name} has {Parents.Count} parent(s); {parentStates.Length} state(s) were given.");
        // Unchecked, an index past a variable's states would read another row of the flat table (found by a review).
        RequireState(Child, childState);
        int row = 0;
        for (int k = 0; k < parentStates.Length; k++) row = row * Parents[k].Cardinality + RequireState(Parents[k], parentStates[k]);
        return Table.RawValues[row * Child.Cardinality + childState];
    }

    /// <summary>Returns <paramref name="state"/> when it is one of <paramref name="variable"/>'s state indices; else throws, naming both.</summary>
    static int RequireState(Variable variable, int state) =>
        (uint)state < (uint)variable.Cardinality ? state
        : throw new ArgumentOutOfRangeException(nameof(state), state,
            $"{variable.Name} has {variable.Cardinality} states ({string.Join(", ", variable.States)}); state index {state} is out of range.");

    /// <summary>The distribution of the child in one row, as a table over the child: <c>cpt.Row(S.s1, D.d0)</c>.</summary>
    /// <param name="parentStates">One enum value per parent, in any order.</param>
    /// <exception cref="ArgumentException">A parent is missing or given twice, or a value is not a parent's.</exception>
    public FactorTable Row(params Enum[] parentStates)
    {
        var given = EnumVariables.Observations(parentStates);
        // Without every parent the reduced table is over the child and the missing parents, and is no distribution.
        var missing = Parents.Where(p => !given.Any(o => o.Variable.Equals(p))).ToList();
        var strangers = given.Where(o => !Parents.Contains(o.Variable)).ToList();
        if (missing.Count > 0 || strangers.Count > 0 || given.Length != Parents.Count)
            throw new ArgumentException($"{Name}.Row: give one state of each parent ({FactorTable.Names(Parents)})" +
                (missing.Count > 0 ? $"; missing: {FactorTable.Names(missing)}" : "") +
                (strangers.Count > 0 ? $"; not a parent: {string.Join(", ", strangers)}" : "") +
                (missing.Count == 0 && strangers.Count == 0 ? "; a parent was given twice" : "") + ".", nameof(parentStates));
        return Table.Reduce(given);
    }

    string RowName(int r) => RowLabel(r);

    /// <summary>"S=s1, D=d0" for row r (empty for a root).</summary>
    internal string RowLabel(int r)
    {
        var parts = new string[Parents.Count];
        for (int k = Parents.Count - 1; k >= 0; k--)
        {
            parts[k] = $"{Parents[k].Name}={Parents[k].States[r % Parents[k].Cardinality]}";
            r /= Parents[k].Cardinality;
        }
        return string.Join(", ", parts);
    }

    string Entry(int k, int r) => Parents.Count == 0 ? $"P({Child.Name}={Child.States[k]})" : $"P({Child.Name}={Child.States[k]} | {RowLabel(r)})";

    /// <summary>The CPT of an enum-typed variable; continue with <c>.Given&lt;S, D&gt;(rows)</c> or <c>.Values(…)</c>.</summary>
    /// <typeparam name="T">The child variable.</typeparam>
    public static CptBuilder<T> Of<T>() where T : struct, Enum => new();

    /// <summary>The CPT of a root (no parents): <c>Cpt.Of&lt;S&gt;(0.2, 0.8)</c> is P(S).</summary>
    /// <typeparam name="T">The variable.</typeparam>
    /// <param name="probabilities">One probability per state, in the enum's order.</param>
    public static Cpt Of<T>(params double[] probabilities) where T : struct, Enum => new(Variable.Of<T>(), [], probabilities);

    /// <summary>A root CPT putting all its mass on one state: what <c>do(X=x)</c> gives X.</summary>
    /// <param name="variable">The variable.</param>
    /// <param name="state">The state with probability 1.</param>
    public static Cpt PointMass(Variable variable, int state)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var v = new double[variable.Cardinality];
        v[RequireState(variable, state)] = 1;
        return new Cpt(variable, [], v);
    }

    /// <summary>
    /// The CPT as a table: one line per parent assignment, one column per child state.
    /// <code>
    /// P(G | S, D)
    /// S   D   | g0        g1        g2
    /// s0  d0  | 0.500000  0.300000  0.200000
    /// </code>
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder().Append(Name).Append('\n');
        var w = Parents.Select(p => Math.Max(p.Name.Length, p.States.Max(s => s.Length))).ToArray();
        int cw = Math.Max(8, Child.States.Max(s => s.Length));
        for (int k = 0; k < Parents.Count; k++) sb.Append(Parents[k].Name.PadRight(w[k])).Append("  ");
        if (Parents.Count > 0) sb.Append("| ");
        sb.AppendJoin("  ", Child.States.Select(s => s.PadRight(cw))).Append('\n');
        for (int r = 0; r < RowCount; r++)
        {
            int rr = r;
            var states = new string[Parents.Count];
            for (int k = Parents.Count - 1; k >= 0; k--) { states[k] = Parents[k].States[rr % Parents[k].Cardinality]; rr /= Parents[k].Cardinality; }
            for (int k = 0; k < Parents.Count; k++) sb.Append(states[k].PadRight(w[k])).Append("  ");
            if (Parents.Count > 0) sb.Append("| ");
            sb.AppendJoin("  ", Enumerable.Range(0, Child.Cardinality).Select(k => FactorTable.FormatValue(Table.RawValues[r * Child.Cardinality + k]).PadRight(cw))).Append('\n');
        }
        return string.Join('\n', sb.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd()));
    }

    /// <summary>
    /// Learns P(child | parents) from observations by counting: (N(x, u) + α) / (N(u) + α·|X|), where α is the
    /// Laplace pseudo-count (0 for maximum likelihood).
    /// </summary>
    /// <param name="child">The child variable (a column of <paramref name="data"/>).</param>
    /// <param name="parents">The parents (columns of <paramref name="data"/>).</param>
    /// <param name="data">The observations.</param>
    /// <param name="laplace">The pseudo-count α added to every cell; 1 is Laplace smoothing.</param>
    /// <exception cref="ArgumentException">A parent assignment never occurs in the data and α is 0; the message names it.</exception>
    public static Cpt FromCounts(Variable child, IReadOnlyList<Variable> parents, Observations data, double laplace = 0)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentNullException.ThrowIfNull(data);
        if (!(laplace >= 0)) throw new ArgumentException($"The Laplace pseudo-count must be 0 or more, not {laplace}.");
        int childCol = data.ColumnOf(child);
        int[] cols = parents.Select(data.ColumnOf).ToArray();
        int rows = parents.Aggregate(1, (n, p) => n * p.Cardinality), c = child.Cardinality;
        var counts = new double[rows * c];
        foreach (var obs in data.Rows)
        {
            int r = 0;
            for (int k = 0; k < cols.Length; k++) r = r * parents[k].Cardinality + obs[cols[k]];
            counts[r * c + obs[childCol]] += 1;
        }
        var probe = new Cpt(child, parents, Uniform(rows, c));
        for (int r = 0; r < rows; r++)
        {
            double n = 0;
            for (int k = 0; k < c; k++) n += counts[r * c + k] += laplace;
            if (n == 0)
                throw new ArgumentException($"Learning P({child.Name} | {FactorTable.Names(parents)}): no observation has {probe.RowLabel(r)}, so that row cannot be estimated. " +
                    "Pass laplace: 1 (Laplace smoothing) or add data.");
            for (int k = 0; k < c; k++) counts[r * c + k] /= n;
        }
        return new Cpt(child, parents, counts);
    }

    static double[] Uniform(int rows, int c) => Enumerable.Repeat(1.0 / c, rows * c).ToArray();
}
