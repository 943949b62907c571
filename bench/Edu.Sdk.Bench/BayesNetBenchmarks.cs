using BenchmarkDotNet.Attributes;
using Edu.Sdk.Probability;

namespace Edu.Sdk.Bench;

/// <summary>
/// Exact inference on grids of binary variables, each with its upper and left neighbours as parents (tree-width =
/// the shorter side). The query is the bottom-right corner, whose ancestors are the whole grid, so nothing is pruned.
/// 4×10 (2^40 joint entries) is answered by variable elimination only; 4×5 (2^20) compares elimination with
/// enumeration of the joint. The machine may be shared: read the median column.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class BayesNetBenchmarks
{
    BayesNet _grid4x10 = null!, _grid4x5 = null!;
    Variable _corner4x10 = null!, _corner4x5 = null!;
    Observation[] _evidence4x10 = [];

    [GlobalSetup]
    public void Setup()
    {
        (_grid4x10, _corner4x10) = Grid(4, 10);
        (_grid4x5, _corner4x5) = Grid(4, 5);
        _evidence4x10 = [_grid4x10.Variables[0].Is(1), _grid4x10.Variables[17].Is(0)];
    }

    /// <summary>P(X3_9) on the 4×10 grid by variable elimination (min-fill).</summary>
    [Benchmark]
    public FactorTable Grid4x10_VariableElimination() => _grid4x10.Query([_corner4x10], []);

    /// <summary>P(X3_9 | X0_0 = 1, X1_7 = 0) on the 4×10 grid by variable elimination.</summary>
    [Benchmark]
    public FactorTable Grid4x10_VariableElimination_WithEvidence() => _grid4x10.Query([_corner4x10], _evidence4x10);

    /// <summary>P(X3_4) on the 4×5 grid by variable elimination.</summary>
    [Benchmark(Baseline = true)]
    public FactorTable Grid4x5_VariableElimination() => _grid4x5.Query([_corner4x5], []);

    /// <summary>P(X3_4) on the 4×5 grid by enumerating its 2^20 joint assignments.</summary>
    [Benchmark]
    public FactorTable Grid4x5_Enumeration() => _grid4x5.Query([_corner4x5], [], Inference.Enumeration);

    static (BayesNet Net, Variable Corner) Grid(int rows, int cols)
    {
        var rng = new Random(1);
        var v = new Variable[rows, cols];
        var cpts = new List<Cpt>();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                v[i, j] = new Variable($"X{i}_{j}", "0", "1");
                var parents = new List<Variable>();
                if (i > 0) parents.Add(v[i - 1, j]);
                if (j > 0) parents.Add(v[i, j - 1]);
                var values = new List<double>();
                for (int r = 0; r < 1 << parents.Count; r++)
                {
                    double p = 0.1 + 0.8 * rng.NextDouble();
                    values.Add(p);
                    values.Add(1 - p);
                }
                cpts.Add(new Cpt(v[i, j], parents, values.ToArray()));
            }
        return (new BayesNet(cpts), v[rows - 1, cols - 1]);
    }
}
