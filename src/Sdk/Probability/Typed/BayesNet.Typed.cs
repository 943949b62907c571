namespace Edu.Sdk.Probability;

// The typed front of BayesNet: variables are enum types, evidence and interventions are enum values.
// Each method converts (Variable.Of<T>(), Observation.Of(value)) and calls the runtime core.
public sealed partial class BayesNet
{
    /// <summary>P(A | evidence): <c>net.Query&lt;G&gt;(R.r1, S.s0)</c> is P(G | r1, s0).</summary>
    /// <typeparam name="A">The query variable.</typeparam>
    /// <param name="evidence">Observed values as enum members, each variable at most once.</param>
    public FactorTable Query<A>(params Enum[] evidence) where A : struct, Enum =>
        Query([Variable.Of<A>()], EnumVariables.Observations(evidence));

    /// <summary>The joint P(A, B | evidence), axes in the order of the type arguments.</summary>
    /// <typeparam name="A">The first query variable.</typeparam>
    /// <typeparam name="B">The second query variable.</typeparam>
    /// <param name="evidence">Observed values as enum members.</param>
    public FactorTable Query<A, B>(params Enum[] evidence) where A : struct, Enum where B : struct, Enum =>
        Query([Variable.Of<A>(), Variable.Of<B>()], EnumVariables.Observations(evidence));

    /// <summary>The joint P(A, B, C | evidence).</summary>
    /// <typeparam name="A">The first query variable.</typeparam>
    /// <typeparam name="B">The second query variable.</typeparam>
    /// <typeparam name="C">The third query variable.</typeparam>
    /// <param name="evidence">Observed values as enum members.</param>
    public FactorTable Query<A, B, C>(params Enum[] evidence) where A : struct, Enum where B : struct, Enum where C : struct, Enum =>
        Query([Variable.Of<A>(), Variable.Of<B>(), Variable.Of<C>()], EnumVariables.Observations(evidence));

    /// <summary>The joint P(A, B, C, D | evidence).</summary>
    /// <typeparam name="A">The first query variable.</typeparam>
    /// <typeparam name="B">The second query variable.</typeparam>
    /// <typeparam name="C">The third query variable.</typeparam>
    /// <typeparam name="D">The fourth query variable.</typeparam>
    /// <param name="evidence">Observed values as enum members.</param>
    public FactorTable Query<A, B, C, D>(params Enum[] evidence)
        where A : struct, Enum where B : struct, Enum where C : struct, Enum where D : struct, Enum =>
        Query([Variable.Of<A>(), Variable.Of<B>(), Variable.Of<C>(), Variable.Of<D>()], EnumVariables.Observations(evidence));

    /// <summary>The likelihood of the evidence, P(e): <c>net.Probability(R.r1, L.l0)</c>.</summary>
    /// <param name="evidence">Observed values as enum members, each variable at most once.</param>
    public double Probability(params Enum[] evidence) => Probability(EnumVariables.Observations(evidence));

    /// <summary>The intervened network: <c>net.Do(G.g2).Query&lt;R&gt;()</c> is P(R | do(G=g2)).</summary>
    /// <param name="values">The values forced, as enum members.</param>
    public BayesNet Do(params Enum[] values) => Do(EnumVariables.Observations(values));

    /// <summary>P(A | evidence), explained step by step.</summary>
    /// <typeparam name="A">The query variable.</typeparam>
    /// <param name="evidence">Observed values as enum members.</param>
    public Explanation Explain<A>(params Enum[] evidence) where A : struct, Enum =>
        Explain([Variable.Of<A>()], EnumVariables.Observations(evidence));

    /// <summary>P(A, B | evidence), explained step by step.</summary>
    /// <typeparam name="A">The first query variable.</typeparam>
    /// <typeparam name="B">The second query variable.</typeparam>
    /// <param name="evidence">Observed values as enum members.</param>
    public Explanation Explain<A, B>(params Enum[] evidence) where A : struct, Enum where B : struct, Enum =>
        Explain([Variable.Of<A>(), Variable.Of<B>()], EnumVariables.Observations(evidence));

    /// <summary>d-separation of two enum-typed variables: <c>net.AreIndependent&lt;R, D&gt;(typeof(G))</c> asks whether R ⊥ D | G.</summary>
    /// <typeparam name="A">A variable.</typeparam>
    /// <typeparam name="B">Another variable.</typeparam>
    /// <param name="given">The enum types of the observed variables.</param>
    public Independence AreIndependent<A, B>(params Type[] given) where A : struct, Enum where B : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(given);
        return AreIndependent(Variable.Of<A>(), Variable.Of<B>(), given.Select(Variable.Of).ToArray());
    }

    /// <summary>Likelihood-weighting estimate of P(A | evidence).</summary>
    /// <typeparam name="A">The query variable.</typeparam>
    /// <param name="samples">The number of samples.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="evidence">Observed values as enum members.</param>
    public WeightedEstimate LikelihoodWeighting<A>(int samples, int seed, params Enum[] evidence) where A : struct, Enum =>
        LikelihoodWeighting([Variable.Of<A>()], EnumVariables.Observations(evidence), samples, seed);

    /// <summary>The CPT of an enum-typed variable.</summary>
    /// <typeparam name="T">A variable of the network.</typeparam>
    public Cpt CptOf<T>() where T : struct, Enum => CptOf(Variable.Of<T>());
}
