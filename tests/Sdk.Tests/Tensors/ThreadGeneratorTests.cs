using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Tensors;

/// <summary>The default generator is per thread: models built at once on two threads do not race for draws.</summary>
[Trait("Category", "Tensors")]
public class ThreadGeneratorTests
{
    static Module<Tensor, Tensor> Model() => nn.Sequential(
        nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 32), nn.ReLU(), nn.Linear(32, 10));

    static float[][] Weights(Module model) => [.. model.parameters().Select(p => p.data<float>().ToArray())];

    /// <summary>Runs <paramref name="work"/> on two new threads released together, and returns both results.</summary>
    static (T, T) OnTwoThreadsAtOnce<T>(Func<T> work)
    {
        using var start = new Barrier(2);
        var results = new T[2];
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() => { start.SignalAndWait(); results[i] = work(); })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        return (results[0], results[1]);
    }

    [Fact]
    public void Two_threads_seeded_alike_build_identical_models_concurrently()
    {
        // The reference on a third thread, so this test's own thread's generator plays no part.
        var expected = OnTwoThreadsAtOnce(() => { manual_seed(7); return Weights(Model()); }).Item1;
        for (int run = 0; run < 30; run++)
        {
            var (a, b) = OnTwoThreadsAtOnce(() => { manual_seed(7); return Weights(Model()); });
            Assert.Equal(expected, a);
            Assert.Equal(expected, b);
        }
    }

    [Fact]
    public void Manual_seed_on_one_thread_leaves_another_threads_sequence_alone()
    {
        manual_seed(3);
        var first = randn(4).data<float>().ToArray();
        var other = new Thread(() => { manual_seed(99); randn(1000); });
        other.Start();
        other.Join();
        var second = randn(4).data<float>().ToArray();

        var g = new Generator(3);
        Assert.Equal(randn(4, generator: g).data<float>().ToArray(), first);
        Assert.Equal(randn(4, generator: g).data<float>().ToArray(), second);
    }

    [Fact]
    public void A_new_thread_starts_from_seed_zero()
    {
        var (a, _) = OnTwoThreadsAtOnce(() => randn(5).data<float>().ToArray());
        Assert.Equal(randn(5, generator: new Generator(0)).data<float>().ToArray(), a);
    }
}
