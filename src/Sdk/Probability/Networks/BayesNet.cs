using System.Collections.ObjectModel;
using System.Text;

namespace Edu.Sdk.Probability;

/// <summary>
/// A Bayesian network: a DAG over discrete variables with one CPT per variable, so that
/// P(X₁, …, Xₙ) = Πᵢ P(Xᵢ | Parents(Xᵢ)). Built from CPTs (the graph is read from their parents, or checked
/// against an explicit edge list) and validated on construction. Immutable: <see cref="Do(IReadOnlyList{Observation})"/>
/// and <see cref="Using"/> return new networks.
/// </summary>
public sealed partial class BayesNet
{
    readonly Variable[] _variables;
    readonly Cpt[] _cpts;
    readonly Dictionary<Variable, int> _index;
    readonly int[][] _parents;
    readonly int[][] _children;
    readonly int[] _topological;
    readonly Observation[] _interventions;
    readonly Edge[] _cutEdges;
    readonly HashSet<string> _ambiguousStates;

    /// <summary>Builds a network from one CPT per variable; the graph is read from the CPTs' parents.</summary>
    /// <param name="cpts">The CPTs, one per variable; their order is the order of <see cref="Variables"/>.</param>
    /// <exception cref="ArgumentException">Two CPTs for one variable, a parent without a CPT, inconsistent states, or a cycle (named).</exception>
    public BayesNet(IEnumerable<Cpt> cpts) : this(cpts, null) { }

    /// <summary>
    /// Builds a network from an explicit graph and one CPT per variable, and checks that each CPT is conditioned on
    /// exactly the parents the graph gives its variable.
    /// </summary>
    /// <param name="cpts">The CPTs, one per variable.</param>
    /// <param name="edges">The graph's edges, or null to read the graph from the CPTs.</param>
    /// <exception cref="ArgumentException">A CPT's parents differ from the graph's, or any error of <see cref="BayesNet(IEnumerable{Cpt})"/>.</exception>
    public BayesNet(IEnumerable<Cpt> cpts, IEnumerable<Edge>? edges)
        : this(Validate(cpts, edges), [], [], Inference.VariableElimination) { }

    /// <summary>Builds a network from CPTs: <c>BayesNet.From(pS, pD, pR, pG, pL)</c>.</summary>
    /// <param name="cpts">One CPT per variable.</param>
    public static BayesNet From(params Cpt[] cpts) => new(cpts);

    BayesNet(Cpt[] cpts, Observation[] interventions, Edge[] cutEdges, Inference inference)
    {
        _cpts = cpts;
        _variables = cpts.Select(c => c.Child).ToArray();
        _index = new Dictionary<Variable, int>(_variables.Length);
        for (int i = 0; i < _variables.Length; i++) _index[_variables[i]] = i;
        _parents = cpts.Select(c => c.Parents.Select(p => _index[p]).ToArray()).ToArray();
        var children = _variables.Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < _parents.Length; i++) foreach (int p in _parents[i]) children[p].Add(i);
        _children = children.Select(c => c.ToArray()).ToArray();
        _topological = TopologicalOrder(_variables, _parents);
        _interventions = interventions;
        _cutEdges = cutEdges;
        Inference = inference;
        _ambiguousStates = _variables.SelectMany(v => v.States).GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        Variables = new ReadOnlyCollection<Variable>(_variables);
        Cpts = new ReadOnlyCollection<Cpt>(_cpts);
        Interventions = new ReadOnlyCollection<Observation>(_interventions);
    }

    /// <summary>The variables, in the order their CPTs were given.</summary>
    public IReadOnlyList<Variable> Variables { get; }

    /// <summary>The CPTs, aligned with <see cref="Variables"/> (after <c>Do</c>, intervened variables hold point masses).</summary>
    public IReadOnlyList<Cpt> Cpts { get; }

    /// <summary>The interventions applied so far (empty for an observational network).</summary>
    public IReadOnlyList<Observation> Interventions { get; }

    /// <summary>The inference method queries use unless told otherwise (variable elimination with min-fill by default).</summary>
    public Inference Inference { get; }

    /// <summary>The graph's edges, parent → child, in CPT order.</summary>
    public IEnumerable<Edge> Edges => _cpts.SelectMany(c => c.Parents.Select(p => new Edge(p, c.Child)));

    /// <summary>The variables in a topological order (parents before children).</summary>
    public IEnumerable<Variable> TopologicalOrder() => _topological.Select(i => _variables[i]);

    /// <summary>The number of entries the full joint table would have (Π cardinalities), saturating at <see cref="long.MaxValue"/>.</summary>
    public long JointSize
    {
        get
        {
            long size = 1;
            foreach (var v in _variables) size = size > long.MaxValue / v.Cardinality ? long.MaxValue : size * v.Cardinality;
            return size;
        }
    }

    /// <summary>The CPT of a variable.</summary>
    /// <param name="variable">A variable of the network.</param>
    public Cpt CptOf(Variable variable) => _cpts[IdOf(variable, "CptOf")];

    /// <summary>The parents of a variable.</summary>
    /// <param name="variable">A variable of the network.</param>
    public IReadOnlyList<Variable> ParentsOf(Variable variable) => _cpts[IdOf(variable, "ParentsOf")].Parents;

    /// <summary>The children of a variable.</summary>
    /// <param name="variable">A variable of the network.</param>
    public IReadOnlyList<Variable> ChildrenOf(Variable variable) => _children[IdOf(variable, "ChildrenOf")].Select(i => _variables[i]).ToArray();

    /// <summary>The descendants of a variable (not including itself).</summary>
    /// <param name="variable">A variable of the network.</param>
    public IReadOnlySet<Variable> DescendantsOf(Variable variable)
    {
        var seen = new bool[_variables.Length];
        var stack = new Stack<int>(_children[IdOf(variable, "DescendantsOf")]);
        while (stack.Count > 0)
        {
            int v = stack.Pop();
            if (seen[v]) continue;
            seen[v] = true;
            foreach (int c in _children[v]) stack.Push(c);
        }
        return Enumerable.Range(0, seen.Length).Where(i => seen[i]).Select(i => _variables[i]).ToHashSet();
    }

    /// <summary>Whether the network has the variable.</summary>
    /// <param name="variable">A variable.</param>
    public bool Contains(Variable variable) => variable is not null && _index.ContainsKey(variable);

    /// <summary>The same network whose queries use another inference method by default.</summary>
    /// <param name="inference">For example <see cref="Inference.Enumeration"/>.</param>
    public BayesNet Using(Inference inference)
    {
        ArgumentNullException.ThrowIfNull(inference);
        return new BayesNet(_cpts, _interventions, _cutEdges, inference);
    }

    /// <summary>
    /// The network with the same graph whose CPTs are learnt from observations by counting
    /// (see <see cref="Cpt.FromCounts"/>).
    /// </summary>
    /// <param name="data">Observations with a column for every variable.</param>
    /// <param name="laplace">The pseudo-count added to every cell (1 for Laplace smoothing).</param>
    public BayesNet Learn(Observations data, double laplace = 0) =>
        new(_cpts.Select(c => Cpt.FromCounts(c.Child, c.Parents, data, laplace)));

    internal int Count => _variables.Length;
    internal Variable VariableAt(int id) => _variables[id];
    internal Cpt CptAt(int id) => _cpts[id];
    internal int[] ParentIds(int id) => _parents[id];
    internal int[] ChildIds(int id) => _children[id];
    internal int[] Topological => _topological;
    internal IReadOnlyList<Edge> CutEdges => _cutEdges;

    internal int IdOf(Variable variable, string context)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (_index.TryGetValue(variable, out int id)) return id;
        var sameName = _variables.FirstOrDefault(v => v.Name == variable.Name);
        throw new ArgumentException(sameName is not null
            ? $"{context}: {variable.Name} has the states ({string.Join(", ", variable.States)}), but this network's {variable.Name} has ({string.Join(", ", sameName.States)})."
            : $"{context}: {variable.Name} is not a variable of this network (its variables: {FactorTable.Names(_variables)}).");
    }

    /// <summary>
    /// The network: each variable with its description and states, the edges, any interventions, and the CPTs.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("Bayesian network over ").Append(FactorTable.Names(_variables)).Append('\n');
        foreach (var v in _variables)
            sb.Append("  ").Append(v.Name).Append(v.Description is null ? "" : $" ({v.Description})").Append(": ").AppendJoin(", ", v.States).Append('\n');
        sb.Append("Edges: ").AppendJoin(", ", Edges.Select(e => e.ToString()).DefaultIfEmpty("none")).Append('\n');
        if (_interventions.Length > 0)
            sb.Append("Interventions: ").AppendJoin(", ", _interventions.Select(o => $"do({o})")).Append(" (incoming edges cut: ").AppendJoin(", ", _cutEdges.Select(e => e.ToString()).DefaultIfEmpty("none")).Append(")\n");
        sb.Append("Joint: P(").Append(FactorTable.Names(_variables)).Append(") = ").AppendJoin(" ", _cpts.Select(c => c.Name)).Append('\n');
        foreach (var c in _cpts) sb.Append('\n').Append(c).Append('\n');
        return sb.ToString().TrimEnd();
    }
}
