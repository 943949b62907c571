using BenchmarkDotNet.Attributes;
using Edu.Sdk.Tensors;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Bench;

/// <summary>
/// float32 C = A·B three ways on the same buffers: torch.matmul (the facade, whatever backend it picked),
/// cblas_sgemm called directly, and the managed kernel. GFLOP/s = 2·m·n·k / time.
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    /// <summary>"m×k×n": 1024³ (square, compute-bound) and a 64-row MNIST batch through a 784→300 layer.</summary>
    [Params("1024x1024x1024", "64x784x300")]
    public string Shape { get; set; } = "1024x1024x1024";

    Tensor _a = null!, _b = null!, _r = null!;
    float[] _af = null!, _bf = null!, _cf = null!;
    int _m, _k, _n;

    [GlobalSetup]
    public void Setup()
    {
        var d = Shape.Split('x').Select(int.Parse).ToArray();
        (_m, _k, _n) = (d[0], d[1], d[2]);
        manual_seed(1);
        _a = randn(_m, _k);
        _b = randn(_k, _n);
        _r = zeros(_m, _n);
        _af = (float[])_a._storage;
        _bf = (float[])_b._storage;
        _cf = (float[])_r._storage;
    }

    [Benchmark(Baseline = true)]
    public void OpenBlasDirect()
    {
        if (Gemm.OpenBlas.IsAvailable) Gemm.OpenBlas.Sgemm(false, false, _m, _n, _k, 1f, _af, _k, _bf, _n, 0f, _cf, _n);
    }

    [Benchmark]
    public Tensor TorchMatmul() => matmul(_a, _b, _r);

    [Benchmark]
    public void Managed() => Gemm.Managed.Sgemm(false, false, _m, _n, _k, 1f, _af, _k, _bf, _n, 0f, _cf, _n);
}
