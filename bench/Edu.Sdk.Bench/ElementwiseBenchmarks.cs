using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using static Edu.Sdk.torch;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Bench;

/// <summary>
/// The per-op overhead of the tensor API: each op beside the bare TensorPrimitives kernel it runs on the same
/// buffers, so the difference is what dispatch, checks and the result tensor cost. MemoryDiagnoser shows that an
/// op allocates its result (one Tensor object and one array) and nothing else.
/// </summary>
[MemoryDiagnoser]
public class ElementwiseBenchmarks
{
    Tensor _a = null!, _b = null!, _bias = null!, _h = null!, _out = null!;
    float[] _af = null!, _bf = null!, _of = null!;

    [GlobalSetup]
    public void Setup()
    {
        var g = new Generator(1);
        _a = randn(64, 10, generator: g);
        _b = randn(64, 10, generator: g);
        _out = zeros(64, 10);
        _h = randn(64, 300, generator: g);
        _bias = randn(300, generator: g);
        _af = _a.data<float>().ToArray();
        _bf = _b.data<float>().ToArray();
        _of = new float[640];
    }

    [Benchmark(Baseline = true, Description = "kernel only: TensorPrimitives.Add 640 floats")]
    public void KernelAdd() => TensorPrimitives.Add(_af, _bf, _of);

    [Benchmark(Description = "a + b, 64x10 (allocates the result)")]
    public Tensor Add() => _a + _b;

    [Benchmark(Description = "torch.add(a, b, out), 64x10 (no allocation)")]
    public Tensor AddOut() => add(_a, _b, _out);

    [Benchmark(Description = "h + bias, 64x300 + 300 (row broadcast)")]
    public Tensor BiasAdd() => _h + _bias;

    [Benchmark(Description = "relu, 64x300")]
    public Tensor Relu() => _h.relu();

    [Benchmark(Description = "log_softmax(1), 64x10")]
    public Tensor LogSoftmax() => _a.log_softmax(1);

    [Benchmark(Description = "sum(1), 64x300")]
    public Tensor SumRows() => _h.sum(1);
}
