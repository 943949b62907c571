using System.Collections.Concurrent;
using System.Reflection;
using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// For every supported construct: once warm, a training forward and backward allocate nothing. Every op's generated
/// code runs into the workspace's buffers, so a step that allocates is an op that lost its buffer (a view made again,
/// a shape array, a closure). The interface's <c>Backward</c> returns one new array of input gradients, which is
/// measured alone and allowed.
/// </summary>
public class SteadyStepAllocationTests
{
    static readonly ConcurrentDictionary<string, Assembly> s_compiled = new();

    public static TheoryData<string> Names => [.. Cases.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_steady_forward_and_backward_allocate_nothing(string name)
    {
        var assembly = s_compiled.GetOrAdd(name, n => Harness.Load(Cases.All.Single(c => c.Name == n).Source));
        manual_seed(8);
        var layer = LayerRunner.Create(assembly, name, out var type);
        var inputs = LayerRunner.Inputs(type, 4);
        var dL_dy = ones_like(layer.Forward(inputs));
        void Step()
        {
            layer.zero_grad();
            layer.Forward(inputs);
            layer.Backward(dL_dy, inputGradients: true);
        }
        for (int i = 0; i < 5; i++) Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) Step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) GC.KeepAlive(new Tensor?[inputs.Length]);
        long results = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= results, $"{name}: 5 steady steps allocated {allocated} bytes, {results} of them the interface's arrays of input gradients");
    }
}
