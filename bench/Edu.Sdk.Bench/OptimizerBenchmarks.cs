using BenchmarkDotNet.Attributes;
using Edu.Sdk.Nn;
using Edu.Sdk.Optim;

namespace Edu.Sdk.Bench;

/// <summary>
/// One optimizer step over the parameters of the A3 MLP 784-300-10 (784×300 + 300 + 300×10 + 10 = 238,510 floats),
/// the update PyTorch's peers time inside each training step. Gradients are fixed, random and dense; the "Sparse"
/// case zeroes most of them after warm-up, as for rarely-lit pixels, which is where denormal moments would appear
/// without the kernels' flush (see Denormals.cs).
/// </summary>
[MemoryDiagnoser]
public class OptimizerBenchmarks
{
    Parameter[] _params = [];
    Optimizer _adam = null!, _sgd = null!;

    /// <summary>When true, 90 % of the gradient elements are 0 (after one dense warm-up step).</summary>
    [Params(false, true)]
    public bool Sparse { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var g = new torch.Generator(1);
        long[][] shapes = [[784, 300], [300], [300, 10], [10]];
        _params = shapes.Select(s => torch.nn.Parameter(torch.randn(s, generator: g) * 0.05)).ToArray();
        foreach (var p in _params) p.grad = torch.randn(p.shape, generator: g) * 0.01;
        _adam = torch.optim.Adam(_params, lr: 1e-3);
        _sgd = torch.optim.SGD(_params, 0.01, momentum: 0.9);
        _adam.step();
        _sgd.step();
        if (Sparse)
        {
            foreach (var p in _params)
            {
                var grad = p.grad!.Span<float>();
                for (int i = 0; i < grad.Length; i++) if (i % 10 != 0) grad[i] = 0;
            }
            // Far enough for unflushed first moments to be subnormal (0.9^t·1e-3 < 1.2e-38 for t > 780).
            for (int t = 0; t < 1000; t++) _adam.step();
        }
    }

    /// <summary>Adam, 238,510 float32 parameters.</summary>
    [Benchmark]
    public void AdamStep() => _adam.step();

    /// <summary>SGD with momentum, same parameters.</summary>
    [Benchmark]
    public void SgdMomentumStep() => _sgd.step();
}
