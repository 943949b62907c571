using Edu.Sdk.Data;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Data;

public class BatchLoaderTests
{
    static long[] RowIds(Tensor features) => features.data<float>().ToArray().Where((_, k) => k % 2 == 0).Select(v => (long)v).ToArray();

    [Fact]
    public void Full_batches_reuse_the_same_two_tensors_and_the_last_batch_its_own_pair()
    {
        var loader = DatasetTests.Numbered(10).Batches(4, shuffle: true, seed: 5);
        var seen = new List<(Tensor X, Tensor Y, int Count)>();

        for (int epoch = 0; epoch < 3; epoch++)
            foreach (var (x, y) in loader) seen.Add((x, y, (int)x.size(0)));

        Assert.Equal(3, loader.BatchesPerEpoch);
        Assert.Equal(9, seen.Count);
        Assert.Equal([4, 4, 2, 4, 4, 2, 4, 4, 2], seen.Select(s => s.Count));
        var full = seen.Where(s => s.Count == 4).ToList();
        var last = seen.Where(s => s.Count == 2).ToList();
        Assert.All(full, s => { Assert.Same(full[0].X, s.X); Assert.Same(full[0].Y, s.Y); });
        Assert.All(last, s => { Assert.Same(last[0].X, s.X); Assert.Same(last[0].Y, s.Y); });
        Assert.NotSame(full[0].X, last[0].X);
    }

    [Fact]
    public void Every_epoch_covers_every_row_once_with_targets_matching_features()
    {
        var loader = DatasetTests.Numbered(23).Batches(5, shuffle: true, seed: 11);
        for (int epoch = 0; epoch < 4; epoch++)
        {
            var ids = new List<long>();
            foreach (var b in loader)
            {
                var rows = RowIds(b.Features);
                Assert.Equal(rows.Select(i => i % 3), b.Targets.data<long>().ToArray());
                Assert.Equal(rows.Select(i => 10f * i), b.Features.data<float>().ToArray().Where((_, k) => k % 2 == 1));
                ids.AddRange(rows);
            }
            Assert.Equal(Enumerable.Range(0, 23).Select(i => (long)i), ids.Order());
        }
        Assert.Equal(4, loader.Epochs);
    }

    [Fact]
    public void Shuffled_epochs_follow_successive_randperms_of_the_seeded_generator()
    {
        var loader = DatasetTests.Numbered(12).Batches(5, shuffle: true, seed: 42);
        var g = new Generator(42);

        for (int epoch = 0; epoch < 3; epoch++)
        {
            var ids = loader.SelectMany(b => RowIds(b.Features)).ToArray();
            Assert.Equal(randperm(12, g).data<long>().ToArray(), ids);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_batches_and_another_seed_others()
    {
        long[] Run(long seed)
        {
            var loader = DatasetTests.Numbered(30).Batches(7, seed: seed);
            var all = new List<long>();
            for (int e = 0; e < 3; e++) foreach (var b in loader) all.AddRange(RowIds(b.Features));
            return [.. all];
        }

        Assert.Equal(Run(1), Run(1));
        Assert.NotEqual(Run(1), Run(2));
    }

    [Fact]
    public void Without_shuffle_rows_come_in_order_and_drop_last_skips_the_small_batch()
    {
        var data = DatasetTests.Numbered(10);

        var ordered = data.Batches(4, shuffle: false).Select(b => RowIds(b.Features)).ToList();
        var dropped = data.Batches(4, shuffle: false, dropLast: true).Select(b => RowIds(b.Features)).ToList();

        Assert.Equal([[0L, 1, 2, 3], [4L, 5, 6, 7], [8L, 9]], ordered);
        Assert.Equal([[0L, 1, 2, 3], [4L, 5, 6, 7]], dropped);
    }

    [Fact]
    public void Image_features_keep_their_shape_in_batches()
    {
        var loader = Digits.Load().ToDataset(flatten: false).Batches(64, seed: 1);
        var first = loader.First();
        Assert.Equal([64L, 8, 8], first.Features.shape);
        Assert.Equal([64L], first.Targets.shape);
    }

    [Fact]
    public void Sampling_with_replacement_draws_rows_uniformly()
    {
        const int n = 10, batch = 20, batches = 5000;
        var loader = DatasetTests.Numbered(n).BatchesWithReplacement(batch, seed: 9, batchesPerEpoch: batches);
        var counts = new int[n];
        Tensor? buffer = null;
        int withRepeats = 0;

        foreach (var b in loader)
        {
            Assert.Equal(batch, b.Count);
            buffer ??= b.Features;
            Assert.Same(buffer, b.Features);
            var rows = RowIds(b.Features);
            Assert.Equal(rows.Select(i => i % 3), b.Targets.data<long>().ToArray());
            if (rows.Distinct().Count() < rows.Length) withRepeats++;
            foreach (long r in rows) counts[r]++;
        }

        // 100,000 draws: each row expected 10,000 times, standard deviation about 95.
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        double chi2 = counts.Sum(c => (c - 10_000.0) * (c - 10_000.0) / 10_000.0);
        Assert.InRange(chi2, 0, 27.9); // chi-square with 9 degrees of freedom: p = 0.001
        Assert.Equal(batches, withRepeats); // 20 draws from 10 rows always repeat
    }

    [Fact]
    public void Sampling_with_replacement_defaults_to_one_pass_and_is_seeded()
    {
        var data = DatasetTests.Numbered(100);
        var a = data.BatchesWithReplacement(20, seed: 4);
        var b = data.BatchesWithReplacement(20, seed: 4);

        Assert.Equal(5, a.BatchesPerEpoch);
        Assert.Equal(a.SelectMany(x => RowIds(x.Features)).ToArray(), b.SelectMany(x => RowIds(x.Features)).ToArray());
        var g = new Generator(4);
        var expected = Enumerable.Range(0, 100).Select(_ => g.NextInt64(100)).ToArray();
        Assert.Equal(expected, data.BatchesWithReplacement(20, seed: 4).SelectMany(x => RowIds(x.Features)).ToArray());
    }

    [Fact]
    public void Steady_state_batching_allocates_nothing_per_batch()
    {
        var loader = DatasetTests.Numbered(1000).Batches(10, seed: 3);
        foreach (var _ in loader) { } // warm up: buffers made, code jitted

        using var e = loader.GetEnumerator();
        e.MoveNext();
        long before = GC.GetAllocatedBytesForCurrentThread();
        int steps = 0;
        while (e.MoveNext()) steps++;
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(99, steps);
        Assert.True(after - before < 1024, $"{after - before} bytes allocated over {steps} batches");
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var data = DatasetTests.Numbered(5);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Batches(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.BatchesWithReplacement(2, batchesPerEpoch: 0));
        Assert.Throws<ArgumentException>(() => data.Subset(Array.Empty<long>()).BatchesWithReplacement(2));
    }
}
