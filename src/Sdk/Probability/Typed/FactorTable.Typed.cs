namespace Edu.Sdk.Probability;

// The typed front of FactorTable: axes are named by enum types, states by enum values. Each method converts to
// the runtime core (Variable.Of<T>(), Observation.Of(value)) and calls it, so the two fronts cannot disagree.
public sealed partial class FactorTable
{
    /// <summary>A table over one enum-typed variable: <c>FactorTable.Of&lt;S&gt;(0.2, 0.8)</c>.</summary>
    /// <typeparam name="A">The variable (an enum).</typeparam>
    /// <param name="values">One value per state, in the enum's order.</param>
    public static FactorTable Of<A>(params double[] values) where A : struct, Enum =>
        new([Variable.Of<A>()], values);

    /// <summary>A table over two variables, axis order stated by the type arguments; values in row-major order (B fastest).</summary>
    /// <typeparam name="A">The first axis.</typeparam>
    /// <typeparam name="B">The second axis.</typeparam>
    /// <param name="values">|A|·|B| values: φ(a0,b0), φ(a0,b1), …, φ(a1,b0), …</param>
    public static FactorTable Of<A, B>(params double[] values) where A : struct, Enum where B : struct, Enum =>
        new([Variable.Of<A>(), Variable.Of<B>()], values);

    /// <summary>A table over three variables, axis order stated by the type arguments; values in row-major order (C fastest).</summary>
    /// <typeparam name="A">The first axis.</typeparam>
    /// <typeparam name="B">The second axis.</typeparam>
    /// <typeparam name="C">The third axis.</typeparam>
    /// <param name="values">|A|·|B|·|C| values in row-major order.</param>
    public static FactorTable Of<A, B, C>(params double[] values) where A : struct, Enum where B : struct, Enum where C : struct, Enum =>
        new([Variable.Of<A>(), Variable.Of<B>(), Variable.Of<C>()], values);

    /// <summary>A table over four variables, axis order stated by the type arguments; values in row-major order (D fastest).</summary>
    /// <typeparam name="A">The first axis.</typeparam>
    /// <typeparam name="B">The second axis.</typeparam>
    /// <typeparam name="C">The third axis.</typeparam>
    /// <typeparam name="D">The fourth axis.</typeparam>
    /// <param name="values">|A|·|B|·|C|·|D| values in row-major order.</param>
    public static FactorTable Of<A, B, C, D>(params double[] values)
        where A : struct, Enum where B : struct, Enum where C : struct, Enum where D : struct, Enum =>
        new([Variable.Of<A>(), Variable.Of<B>(), Variable.Of<C>(), Variable.Of<D>()], values);

    /// <summary>A table over two variables from a 2-d array indexed [a, b].</summary>
    /// <typeparam name="A">The first axis (the array's first dimension).</typeparam>
    /// <typeparam name="B">The second axis.</typeparam>
    /// <param name="values">An |A|×|B| array.</param>
    public static FactorTable Of<A, B>(double[,] values) where A : struct, Enum where B : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(values);
        return FromArray([Variable.Of<A>(), Variable.Of<B>()], values);
    }

    /// <summary>A table over three variables from a 3-d array indexed [a, b, c].</summary>
    /// <typeparam name="A">The first axis (the array's first dimension).</typeparam>
    /// <typeparam name="B">The second axis.</typeparam>
    /// <typeparam name="C">The third axis.</typeparam>
    /// <param name="values">An |A|×|B|×|C| array.</param>
    public static FactorTable Of<A, B, C>(double[,,] values) where A : struct, Enum where B : struct, Enum where C : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(values);
        return FromArray([Variable.Of<A>(), Variable.Of<B>(), Variable.Of<C>()], values);
    }

    static FactorTable FromArray(Variable[] vars, Array values)
    {
        for (int k = 0; k < vars.Length; k++)
            if (values.GetLength(k) != vars[k].Cardinality)
                throw new ArgumentException($"Dimension {k} of the array has length {values.GetLength(k)}, but axis {vars[k].Name} has {vars[k].Cardinality} states ({string.Join(", ", vars[k].States)}).");
        // A multidimensional array enumerates in row-major order, the table's storage order.
        return new FactorTable(vars, values.Cast<double>().ToArray());
    }

    /// <summary>The value at one state of each axis, given as enum values in any order: <c>table[S.s1, G.g0]</c>.</summary>
    /// <param name="states">One enum value per axis.</param>
    public double this[params Enum[] states] => _values[OffsetOf(EnumVariables.Observations(states))];

    /// <summary>Σ over the axis <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">An axis of the table.</typeparam>
    public FactorTable SumOut<T>() where T : struct, Enum => SumOut(Variable.Of<T>());

    /// <summary>The marginal over <typeparamref name="A"/>.</summary>
    /// <typeparam name="A">The axis kept.</typeparam>
    public FactorTable Marginal<A>() where A : struct, Enum => Marginal(Variable.Of<A>());

    /// <summary>The marginal over <typeparamref name="A"/> and <typeparamref name="B"/>, in that order.</summary>
    /// <typeparam name="A">The first axis kept.</typeparam>
    /// <typeparam name="B">The second axis kept.</typeparam>
    public FactorTable Marginal<A, B>() where A : struct, Enum where B : struct, Enum => Marginal(Variable.Of<A>(), Variable.Of<B>());

    /// <summary>The marginal over three axes, in the order of the type arguments.</summary>
    /// <typeparam name="A">The first axis kept.</typeparam>
    /// <typeparam name="B">The second axis kept.</typeparam>
    /// <typeparam name="C">The third axis kept.</typeparam>
    public FactorTable Marginal<A, B, C>() where A : struct, Enum where B : struct, Enum where C : struct, Enum =>
        Marginal(Variable.Of<A>(), Variable.Of<B>(), Variable.Of<C>());

    /// <summary>The marginal over four axes, in the order of the type arguments.</summary>
    /// <typeparam name="A">The first axis kept.</typeparam>
    /// <typeparam name="B">The second axis kept.</typeparam>
    /// <typeparam name="C">The third axis kept.</typeparam>
    /// <typeparam name="D">The fourth axis kept.</typeparam>
    public FactorTable Marginal<A, B, C, D>() where A : struct, Enum where B : struct, Enum where C : struct, Enum where D : struct, Enum =>
        Marginal(Variable.Of<A>(), Variable.Of<B>(), Variable.Of<C>(), Variable.Of<D>());

    /// <summary>Evidence as enum values: <c>joint.Reduce(G.g2)</c> keeps the entries with G = g2 and drops the G axis.</summary>
    /// <param name="evidence">One enum value per observed axis.</param>
    public FactorTable Reduce(params Enum[] evidence) => Reduce(EnumVariables.Observations(evidence));

    /// <summary>Conditional normalisation along <typeparamref name="T"/>: from P(T, Y) it gives P(T | Y).</summary>
    /// <typeparam name="T">The axis whose entries must sum to 1 for each assignment of the others.</typeparam>
    public FactorTable Normalize<T>() where T : struct, Enum => Normalize(Variable.Of<T>());

    /// <summary>Whether the table has the axis <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">An enum used as a variable.</typeparam>
    public bool Contains<T>() where T : struct, Enum => Contains(Variable.Of<T>());
}
