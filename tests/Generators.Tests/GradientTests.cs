using System.Collections.Concurrent;
using System.Reflection;
using FsCheck;
using FsCheck.Fluent;

namespace Edu.Sdk.Generators.Tests;

/// <summary>For every supported construct: the generated backward equals the tape's gradients and central differences, in float64, over random batch sizes and values.</summary>
public class GradientTests
{
    static readonly ConcurrentDictionary<string, Assembly> s_compiled = new();

    static Assembly Compiled(string name) =>
        s_compiled.GetOrAdd(name, n => Harness.Load(Cases.All.Single(c => c.Name == n).Source));

    public static TheoryData<string> Names => [.. Cases.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Generated_backward_matches_tape_and_finite_differences(string name)
    {
        var assembly = Compiled(name);
        var arb = ArbMap.Default.ArbFor<(PositiveInt, int)>();
        Prop.ForAll(arb, t =>
        {
            int n = 1 + t.Item1.Get % 5;
            LayerRunner.Check(assembly, name, n, t.Item2);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(8));
    }
}
