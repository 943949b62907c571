using System.Reflection;
using Edu.Sdk.Checking;
using Edu.Sdk.Layers;
using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// Runs a compiled layer three ways in float64 and compares: the generated backward, the tape (autograd through
/// the student's own method, which uses ordinary tensor ops), and central differences (GradCheck).
/// </summary>
internal static class LayerRunner
{
    /// <summary>A test layer's source declares <c>public static Tensor[] Inputs(int n)</c> and a public [Differentiable] method.</summary>
    public static IGeneratedLayer Create(Assembly assembly, string typeName, out Type type)
    {
        type = assembly.GetTypes().Single(t => t.Name == typeName);
        return (IGeneratedLayer)Activator.CreateInstance(type)!;
    }

    public static Tensor[] Inputs(Type type, int n) => (Tensor[])type.GetMethod("Inputs")!.Invoke(null, [n])!;

    /// <summary>Asserts generated backward = tape, and generated backward = finite differences, for inputs of batch <paramref name="n"/>.</summary>
    public static void Check(Assembly assembly, string typeName, int n, long seed, bool gradCheck = true)
    {
        manual_seed(seed);
        var layer = Create(assembly, typeName, out _);
        Check(layer, n, seed, gradCheck);
    }

    /// <summary>The same for a layer already made (a constructor with arguments).</summary>
    public static void Check(IGeneratedLayer layer, int n, long seed, bool gradCheck = true)
    {
        var type = layer.GetType();
        var inputs = Inputs(type, n);
        var method = type.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Single(m => m.GetCustomAttributes().Any(a => a.GetType().Name == "DifferentiableAttribute"));
        var ps = layer.parameters();

        // The tape: the student's method with ordinary tensor ops, loss = Σ y ⊙ r for a random r.
        var tapeInputs = inputs.Select((x, i) => layer.InputsDifferentiable[i] ? x.detach().requires_grad_() : x).ToArray();
        var yTape = (Tensor)method.Invoke(layer, tapeInputs)!;
        var r = randn(yTape.shape, float64);
        (yTape * r).sum().backward();
        var tapeParamGrads = ps.Select(p => p.grad?.clone()).ToArray();
        var tapeInputGrads = tapeInputs.Select(x => x.grad?.clone()).ToArray();

        // The generated code.
        layer.zero_grad();
        var y = layer.Forward(inputs);
        AssertClose(yTape.detach(), y, "forward");
        var inputGrads = layer.Backward(r, inputGradients: true);
        for (int i = 0; i < ps.Count; i++)
        {
            var expected = tapeParamGrads[i] ?? zeros_like(ps[i]);
            AssertClose(expected, ps[i].grad ?? zeros_like(ps[i]), $"dL/d{layer.named_parameters()[i].name}");
        }
        for (int i = 0; i < inputs.Length; i++)
        {
            if (!layer.InputsDifferentiable[i]) { Assert.Null(inputGrads[i]); continue; }
            AssertClose(tapeInputGrads[i] ?? zeros_like(inputs[i]), inputGrads[i]!, $"dL/d{layer.InputNames[i]}");
        }
        if (!gradCheck) return;

        // Central differences on the generated forward, against the generated backward.
        var named = ps.Select((p, i) => (layer.named_parameters()[i].name, (Tensor)p))
            .Concat(inputs.Select((x, i) => (layer.InputNames[i], x)).Where((_, i) => layer.InputsDifferentiable[i])).ToList();
        var report = GradCheck.Loss(
            () => (layer.Forward(inputs) * r).sum(),
            named,
            analytic: () =>
            {
                layer.zero_grad();
                foreach (var p in ps) p.grad = null;
                layer.Forward(inputs);
                var gi = layer.Backward(r, true);
                return ps.Select(p => p.grad ?? zeros_like(p)).Concat(gi.Where((_, i) => layer.InputsDifferentiable[i]).Select(g => g!.clone())).ToList();
            });
        Assert.True(report.Passed, report.ToString());
    }

    public static void AssertClose(Tensor expected, Tensor actual, string what, double tol = 1e-9)
    {
        Assert.Equal(expected.shape, actual.shape);
        var e = expected.to(ScalarType.Float64).data<double>();
        var a = actual.to(ScalarType.Float64).data<double>();
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= tol * (1 + Math.Abs(e[i])), $"{what}[{i}]: expected {e[i]}, got {a[i]}");
    }
}
