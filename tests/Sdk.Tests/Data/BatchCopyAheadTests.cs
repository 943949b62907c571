using Edu.Sdk.Data;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Data;

/// <summary>
/// Batches of at least <see cref="BatchLoader.BackgroundBytes"/> are copied on another core while the step runs:
/// they must be exactly the batches the in-place path gives, epoch after epoch, with the same lifetime contract.
/// </summary>
public class BatchCopyAheadTests
{
    /// <summary>Row i holds i, then i + 0.5, ... (1,024 floats: 4 KB per row, so 8 rows make a copied-ahead batch); target i % 7.</summary>
    static Dataset Wide(int n)
    {
        var x = arange(n).to(ScalarType.Float32).reshape(n, 1) + arange(1024).to(ScalarType.Float32) * 0.5;
        return new Dataset(x, tensor(Enumerable.Range(0, n).Select(i => (long)(i % 7)).ToArray()));
    }

    static long[] RowIds(Tensor features) =>
        Enumerable.Range(0, (int)features.size(0)).Select(r => (long)features[r..(r + 1)].data<float>()[0]).ToArray();

    [Theory]
    [InlineData(8, false)]
    [InlineData(8, true)]
    [InlineData(16, false)]
    public void Batches_equal_the_seeded_order_with_matching_targets(int batch, bool dropLast)
    {
        const int n = 101;
        var loader = Wide(n).Batches(batch, shuffle: true, seed: 4, dropLast: dropLast);
        Assert.True(batch * 1024 * 4 >= BatchLoader.BackgroundBytes);
        var g = new Generator(4);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var order = randperm(n, g).data<long>().ToArray();
            var ids = new List<long>();
            foreach (var b in loader)
            {
                var rows = RowIds(b.Features);
                Assert.Equal(rows.Select(i => i % 7), b.Targets.data<long>().ToArray());
                // Every element of each row, not only its first: a half-finished copy would show here.
                for (int r = 0; r < rows.Length; r++)
                    Assert.Equal(Enumerable.Range(0, 1024).Select(k => rows[r] + 0.5f * k), b.Features[r..(r + 1)].data<float>().ToArray());
                ids.AddRange(rows);
            }
            int expected = dropLast ? n / batch * batch : n;
            Assert.Equal(order.Take(expected), ids);
        }
    }

    [Fact]
    public void Leaving_an_epoch_early_does_not_disturb_the_next()
    {
        var loader = Wide(64).Batches(8, shuffle: true, seed: 2);
        var reference = Wide(64).Batches(8, shuffle: true, seed: 2);
        foreach (var _ in loader) break;       // the copy of batch 1 is still in flight here
        foreach (var _ in reference) break;
        var a = loader.SelectMany(b => RowIds(b.Features)).ToArray();
        var b2 = reference.SelectMany(b => RowIds(b.Features)).ToArray();
        Assert.Equal(b2, a);
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (long)i), a.Order());
    }

    [Fact]
    public void Steady_state_copying_ahead_allocates_nothing_per_batch()
    {
        var loader = Wide(400).Batches(8, seed: 3);
        foreach (var _ in loader) { } // warm up: buffers made, code jitted
        using var e = loader.GetEnumerator();
        e.MoveNext();
        long before = GC.GetAllocatedBytesForCurrentThread();
        int steps = 0;
        while (e.MoveNext()) steps++;
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(49, steps);
        Assert.True(after - before < 1024, $"{after - before} bytes allocated over {steps} batches");
    }
}
