namespace Edu.Sdk.Probability;

public sealed partial class FactorTable
{
    /// <summary>
    /// The factor product ψ(X ∪ Y) = φ₁(X) · φ₂(Y), matching shared axes by variable.
    /// The result lists <paramref name="a"/>'s axes, then <paramref name="b"/>'s that <paramref name="a"/> lacks.
    /// </summary>
    /// <param name="a">A table.</param>
    /// <param name="b">Another table.</param>
    public static FactorTable operator *(FactorTable a, FactorTable b) => Multiply(a, b);

    /// <summary>The factor product (see the <c>*</c> operator).</summary>
    /// <param name="a">A table.</param>
    /// <param name="b">Another table.</param>
    public static FactorTable Multiply(FactorTable a, FactorTable b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var vars = new List<Variable>(a._variables.Length + b._variables.Length);
        vars.AddRange(a._variables);
        foreach (var v in b._variables)
        {
            // By name: AxisOf matches name and states, so two different variables called X would both become axes.
            var same = Array.Find(a._variables, x => x.Name == v.Name);
            if (same is null) vars.Add(v);
            else if (!same.Equals(v))
                throw new ArgumentException($"Both tables have an axis {v.Name} but with different states: ({string.Join(", ", same.States)}) and ({string.Join(", ", v.States)}).");
        }
        var rv = vars.ToArray();
        int n = rv.Length;
        Span<int> card = stackalloc int[n];
        Span<int> sa = stackalloc int[n];
        Span<int> sb = stackalloc int[n];
        long size = 1;
        for (int k = 0; k < n; k++)
        {
            card[k] = rv[k].Cardinality;
            size *= card[k];
            int ia = a.AxisOf(rv[k]), ib = b.AxisOf(rv[k]);
            sa[k] = ia >= 0 ? a._strides[ia] : 0;
            sb[k] = ib >= 0 ? b._strides[ib] : 0;
        }
        if (size > Array.MaxLength)
            throw new InvalidOperationException($"The product over ({Names(rv)}) would have {size} entries, more than an array can hold.");
        var result = new double[size];
        double[] av = a._values, bv = b._values;
        Span<int> at = stackalloc int[n];
        int ja = 0, jb = 0;
        // Odometer over the result (Koller & Friedman, Algorithm 10.A.1): moving one step on axis k moves
        // each operand by its own stride on that axis, or not at all when it lacks the axis.
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = av[ja] * bv[jb];
            for (int k = n - 1; k >= 0; k--)
            {
                ja += sa[k];
                jb += sb[k];
                if (++at[k] < card[k]) break;
                ja -= card[k] * sa[k];
                jb -= card[k] * sb[k];
                at[k] = 0;
            }
        }
        return new FactorTable(rv, result, null);
    }

    /// <summary>Σ over the given variables: the table over the remaining axes, in their current order.</summary>
    /// <param name="variables">Axes of this table to sum out.</param>
    /// <exception cref="ArgumentException">A variable is not an axis of the table.</exception>
    public FactorTable SumOut(params Variable[] variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (variables.Length == 0) return WithLabel(null);
        Span<bool> drop = stackalloc bool[_variables.Length];
        foreach (var v in variables) drop[RequireAxis(v, $"SumOut({v.Name})")] = true;
        var kept = new List<Variable>();
        for (int k = 0; k < _variables.Length; k++) if (!drop[k]) kept.Add(_variables[k]);
        var rv = kept.ToArray();
        var rs = StridesOf(rv);
        int n = _variables.Length;
        Span<int> target = stackalloc int[n];
        for (int k = 0, r = 0; k < n; k++) target[k] = drop[k] ? 0 : rs[r++];
        var result = new double[rv.Aggregate(1, (p, v) => p * v.Cardinality)];
        Span<int> at = stackalloc int[n];
        int j = 0;
        for (int i = 0; i < _values.Length; i++)
        {
            result[j] += _values[i];
            for (int k = n - 1; k >= 0; k--)
            {
                j += target[k];
                if (++at[k] < _variables[k].Cardinality) break;
                j -= _variables[k].Cardinality * target[k];
                at[k] = 0;
            }
        }
        return new FactorTable(rv, result, null);
    }

    /// <summary>The marginal over the given variables, in the given axis order: every other axis summed out.</summary>
    /// <param name="variables">Axes to keep, in the order wanted.</param>
    public FactorTable Marginal(params Variable[] variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (var v in variables) RequireAxis(v, $"Marginal({v.Name})");
        var others = _variables.Where(v => !variables.Contains(v)).ToArray();
        return SumOut(others).Permute(variables);
    }

    /// <summary>The same table with its axes in the given order (every axis listed once).</summary>
    /// <param name="order">All the table's variables, in the order wanted.</param>
    public FactorTable Permute(params Variable[] order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Length != _variables.Length || order.Distinct().Count() != order.Length)
            throw new ArgumentException($"Permute needs each of ({Names(_variables)}) once, but was given ({Names(order)}).");
        int n = order.Length;
        Span<int> src = stackalloc int[n];
        bool identity = true;
        for (int k = 0; k < n; k++)
        {
            int a = RequireAxis(order[k], "Permute");
            src[k] = _strides[a];
            identity &= a == k;
        }
        if (identity) return new FactorTable(_variables, _values, Label);
        var rv = order.Select(v => _variables[AxisOf(v)]).ToArray();
        var result = new double[_values.Length];
        Span<int> at = stackalloc int[n];
        int j = 0;
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = _values[j];
            for (int k = n - 1; k >= 0; k--)
            {
                j += src[k];
                if (++at[k] < rv[k].Cardinality) break;
                j -= rv[k].Cardinality * src[k];
                at[k] = 0;
            }
        }
        return new FactorTable(rv, result, Label);
    }

    /// <summary>
    /// Evidence: keeps only the entries where each observed variable has its observed state, and drops those axes.
    /// φ(X, Y).Reduce(y) is the table over X whose entries are φ(x, y).
    /// </summary>
    /// <param name="evidence">Observations of axes of this table (observations of other variables are an error).</param>
    public FactorTable Reduce(params Observation[] evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (evidence.Length == 0) return WithLabel(null);
        int n = _variables.Length;
        Span<int> fixedState = stackalloc int[n];
        fixedState.Fill(-1);
        foreach (var o in evidence)
        {
            int a = RequireAxis(o.Variable, $"Reduce({o})");
            if (fixedState[a] >= 0) throw new ArgumentException($"Reduce: {o.Variable.Name} is observed twice.");
            if ((uint)o.State >= (uint)_variables[a].Cardinality)
                throw new ArgumentException($"Reduce: {o.Variable.Name} has {_variables[a].Cardinality} states; {o.State} is out of range.");
            fixedState[a] = o.State;
        }
        int offset = 0;
        var kept = new List<Variable>();
        var keptStride = new List<int>();
        for (int k = 0; k < n; k++)
        {
            if (fixedState[k] >= 0) offset += fixedState[k] * _strides[k];
            else { kept.Add(_variables[k]); keptStride.Add(_strides[k]); }
        }
        var rv = kept.ToArray();
        int m = rv.Length;
        var result = new double[rv.Aggregate(1, (p, v) => p * v.Cardinality)];
        Span<int> at = stackalloc int[m];
        int j = offset;
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = _values[j];
            for (int k = m - 1; k >= 0; k--)
            {
                j += keptStride[k];
                if (++at[k] < rv[k].Cardinality) break;
                j -= rv[k].Cardinality * keptStride[k];
                at[k] = 0;
            }
        }
        return new FactorTable(rv, result, null);
    }

    /// <summary>φ / Σφ: the table scaled to sum to 1.</summary>
    /// <exception cref="InvalidOperationException">Every entry is 0 (for a query, the evidence is impossible).</exception>
    public FactorTable Normalize()
    {
        double z = Sum();
        if (!(z > 0) || double.IsInfinity(z))
            throw new InvalidOperationException($"Cannot normalise the table over ({Names(_variables)}): its entries sum to {z}. " +
                "For a query this means the evidence has probability 0 under the model.");
        var result = new double[_values.Length];
        for (int i = 0; i < result.Length; i++) result[i] = _values[i] / z;
        return new FactorTable(_variables, result, Label);
    }

    /// <summary>
    /// Conditional normalisation over one axis: φ(X, Y) / Σₓ φ(x, Y), so that for every assignment of the other axes
    /// the entries along <paramref name="variable"/> sum to 1. From a joint P(X, Y) this gives P(X | Y).
    /// </summary>
    /// <param name="variable">The axis to normalise along.</param>
    /// <exception cref="InvalidOperationException">Some assignment of the other axes has all-zero entries; the message names it.</exception>
    public FactorTable Normalize(Variable variable)
    {
        int axis = RequireAxis(variable, $"Normalize({variable?.Name})");
        var sums = SumOut(_variables[axis]);
        int n = _variables.Length;
        Span<int> zs = stackalloc int[n];
        for (int k = 0, r = 0; k < n; k++) zs[k] = k == axis ? 0 : sums._strides[r++];
        var result = new double[_values.Length];
        Span<int> at = stackalloc int[n];
        int j = 0;
        for (int i = 0; i < result.Length; i++)
        {
            double z = sums._values[j];
            if (!(z > 0))
            {
                var states = at.ToArray();
                string row = string.Join(", ", Enumerable.Range(0, n).Where(k => k != axis).Select(k => $"{_variables[k].Name}={_variables[k].States[states[k]]}"));
                throw new InvalidOperationException($"Cannot normalise over {variable!.Name}: the entries with {row} sum to {z}, so P({variable.Name} | {row}) is undefined.");
            }
            result[i] = _values[i] / z;
            for (int k = n - 1; k >= 0; k--)
            {
                j += zs[k];
                if (++at[k] < _variables[k].Cardinality) break;
                j -= _variables[k].Cardinality * zs[k];
                at[k] = 0;
            }
        }
        return new FactorTable(_variables, result, null);
    }

    /// <summary>
    /// Whether the two tables are over the same variables (in any axis order) and every pair of aligned entries
    /// differs by at most <paramref name="tolerance"/>.
    /// </summary>
    /// <param name="other">Another table.</param>
    /// <param name="tolerance">The largest absolute difference allowed.</param>
    public bool Equals(FactorTable? other, double tolerance)
    {
        if (other is null || other._variables.Length != _variables.Length) return false;
        foreach (var v in other._variables) if (AxisOf(v) < 0) return false;
        var aligned = other.Permute(_variables);
        for (int i = 0; i < _values.Length; i++)
            if (!(Math.Abs(_values[i] - aligned._values[i]) <= tolerance)) return false;
        return true;
    }

    /// <summary>The largest absolute difference between aligned entries (infinity when the variables differ).</summary>
    /// <param name="other">Another table.</param>
    public double MaxDifference(FactorTable other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._variables.Length != _variables.Length || other._variables.Any(v => AxisOf(v) < 0)) return double.PositiveInfinity;
        var aligned = other.Permute(_variables);
        double m = 0;
        for (int i = 0; i < _values.Length; i++) m = Math.Max(m, Math.Abs(_values[i] - aligned._values[i]));
        return m;
    }
}
