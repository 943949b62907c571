namespace Edu.Sdk.Probability;

/// <summary>
/// The typed way to write a CPT: <c>Cpt.Of&lt;G&gt;().Given&lt;S, D&gt;(rows)</c>. The parents' order is stated by the
/// type arguments, and the rows follow it (the first parent varies slowest), so the table reads as the assignment
/// lists it: P(G|s0,d0), P(G|s0,d1), P(G|s1,d0), P(G|s1,d1).
/// </summary>
/// <typeparam name="T">The child variable.</typeparam>
public readonly struct CptBuilder<T> where T : struct, Enum
{
    static Variable Child => Variable.Of<T>();

    /// <summary>A root's CPT: one probability per state of <typeparamref name="T"/>.</summary>
    /// <param name="probabilities">The distribution, in the enum's order.</param>
    public Cpt Values(params double[] probabilities) => new(Child, [], probabilities);

    /// <summary>P(T | A): one row per state of A, each a distribution over T.</summary>
    /// <typeparam name="A">The parent.</typeparam>
    /// <param name="rows">The rows, in the order of A's states.</param>
    public Cpt Given<A>(params double[][] rows) where A : struct, Enum => Make([Variable.Of<A>()], rows);

    /// <summary>P(T | A, B): one row per (a, b), B varying fastest.</summary>
    /// <typeparam name="A">The first parent (slowest).</typeparam>
    /// <typeparam name="B">The second parent.</typeparam>
    /// <param name="rows">The rows (a0,b0), (a0,b1), …, (a1,b0), …</param>
    public Cpt Given<A, B>(params double[][] rows) where A : struct, Enum where B : struct, Enum =>
        Make([Variable.Of<A>(), Variable.Of<B>()], rows);

    /// <summary>P(T | A, B, C): one row per (a, b, c), C varying fastest.</summary>
    /// <typeparam name="A">The first parent (slowest).</typeparam>
    /// <typeparam name="B">The second parent.</typeparam>
    /// <typeparam name="C">The third parent.</typeparam>
    /// <param name="rows">The rows in order.</param>
    public Cpt Given<A, B, C>(params double[][] rows) where A : struct, Enum where B : struct, Enum where C : struct, Enum =>
        Make([Variable.Of<A>(), Variable.Of<B>(), Variable.Of<C>()], rows);

    /// <summary>P(T | A, B, C, D): one row per (a, b, c, d), D varying fastest.</summary>
    /// <typeparam name="A">The first parent (slowest).</typeparam>
    /// <typeparam name="B">The second parent.</typeparam>
    /// <typeparam name="C">The third parent.</typeparam>
    /// <typeparam name="D">The fourth parent.</typeparam>
    /// <param name="rows">The rows in order.</param>
    public Cpt Given<A, B, C, D>(params double[][] rows) where A : struct, Enum where B : struct, Enum where C : struct, Enum where D : struct, Enum =>
        Make([Variable.Of<A>(), Variable.Of<B>(), Variable.Of<C>(), Variable.Of<D>()], rows);

    /// <summary>P(T) learnt from observations by counting (see <see cref="Cpt.FromCounts"/>).</summary>
    /// <param name="data">Observations with a column for T.</param>
    /// <param name="laplace">The pseudo-count added to every cell (1 for Laplace smoothing).</param>
    public Cpt Learn(Observations data, double laplace = 0) => Cpt.FromCounts(Child, [], data, laplace);

    /// <summary>P(T | A) learnt from observations by counting.</summary>
    /// <typeparam name="A">The parent.</typeparam>
    /// <param name="data">Observations with columns for T and A.</param>
    /// <param name="laplace">The pseudo-count added to every cell.</param>
    public Cpt Learn<A>(Observations data, double laplace = 0) where A : struct, Enum =>
        Cpt.FromCounts(Child, [Variable.Of<A>()], data, laplace);

    /// <summary>P(T | A, B) learnt from observations by counting.</summary>
    /// <typeparam name="A">The first parent.</typeparam>
    /// <typeparam name="B">The second parent.</typeparam>
    /// <param name="data">Observations with columns for T, A and B.</param>
    /// <param name="laplace">The pseudo-count added to every cell.</param>
    public Cpt Learn<A, B>(Observations data, double laplace = 0) where A : struct, Enum where B : struct, Enum =>
        Cpt.FromCounts(Child, [Variable.Of<A>(), Variable.Of<B>()], data, laplace);

    static Cpt Make(Variable[] parents, double[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var child = Child;
        int expected = parents.Aggregate(1, (n, p) => n * p.Cardinality);
        string name = $"P({child.Name} | {FactorTable.Names(parents)})";
        if (rows.Length != expected)
            throw new ArgumentException($"{name} needs {expected} rows, one per assignment of ({FactorTable.Names(parents)}) with the last varying fastest, but {rows.Length} were given.");
        var flat = new double[expected * child.Cardinality];
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r] is null || rows[r].Length != child.Cardinality)
                throw new ArgumentException($"{name}: row {r} has {rows[r]?.Length ?? 0} values, but {child.Name} has {child.Cardinality} states ({string.Join(", ", child.States)}).");
            rows[r].CopyTo(flat, r * child.Cardinality);
        }
        return new Cpt(child, parents, flat);
    }
}
