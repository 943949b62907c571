using Edu.Sdk.Data;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Data;

public class DatasetTests
{
    /// <summary>n rows whose features are (i, 10i) and whose label is i mod 3, so every row can be recognised.</summary>
    internal static Dataset Numbered(int n, int classes = 3)
    {
        var x = new float[2 * n];
        var y = new long[n];
        for (int i = 0; i < n; i++) { x[2 * i] = i; x[2 * i + 1] = 10 * i; y[i] = i % classes; }
        return new Dataset(tensor(x, [n, 2]), tensor(y));
    }

    static long[] RowIds(Tensor features) => features.data<float>().ToArray().Where((_, k) => k % 2 == 0).Select(v => (long)v).ToArray();

    [Fact]
    public void A_batch_size_of_int_MaxValue_gives_one_batch_of_every_row()
    {
        // "One batch holding everything" (full-batch gradient descent): n + batch − 1 overflowed an int (found by a review).
        var loader = Numbered(10).Batches(int.MaxValue, shuffle: false);

        var batches = loader.Select(b => RowIds(b.Features)).ToList();

        Assert.Equal(1, loader.BatchesPerEpoch);
        Assert.Equal([Enumerable.Range(0, 10).Select(i => (long)i).ToArray()], batches);
    }

    [Fact]
    public void A_transposed_view_is_copied_once_so_later_changes_to_the_original_do_not_show()
    {
        // Features stored one column per example: the batches copy rows as blocks, so the view is made contiguous
        // when the data set is made, as its documentation says (a review found the doc claiming no copy).
        var byColumn = arange(6).to(ScalarType.Float32).reshape(2, 3);
        var data = new Dataset(byColumn.T, arange(3));
        var loader = data.Batches(3, shuffle: false);
        Assert.Equal([0f, 3, 1, 4, 2, 5], loader.First().Features.data<float>().ToArray());

        byColumn.mul_(2f);

        Assert.Equal([0f, 3, 1, 4, 2, 5], loader.First().Features.data<float>().ToArray());
    }

    [Fact]
    public void Split_is_a_seeded_permutation_partition()
    {
        var data = Numbered(100);

        var (train, validation) = data.Split(0.9, seed: 7);

        Assert.Equal(90, train.Count);
        Assert.Equal(10, validation.Count);
        var perm = randperm(100, new Generator(7)).data<long>().ToArray();
        Assert.Equal(perm[..90], RowIds(train.Features));
        Assert.Equal(perm[90..], RowIds(validation.Features));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), RowIds(train.Features).Concat(RowIds(validation.Features)).Order());
        // Targets travel with their rows.
        Assert.Equal(RowIds(train.Features).Select(i => i % 3), train.Targets.data<long>().ToArray());
    }

    [Fact]
    public void Split_is_deterministic_for_a_seed_and_differs_across_seeds()
    {
        var data = Numbered(50);
        var a = data.Split(0.8, 1);
        var b = data.Split(0.8, 1);
        var c = data.Split(0.8, 2);

        Assert.Equal(RowIds(a.Train.Features), RowIds(b.Train.Features));
        Assert.NotEqual(RowIds(a.Train.Features), RowIds(c.Train.Features));
        Assert.Equal(RowIds(a.Validation.Features), randperm(50, new Generator(1)).data<long>()[40..].ToArray());
    }

    [Fact]
    public void Split_of_a_seed_is_pinned_for_every_machine()
    {
        // xoshiro256** seeded by SplitMix64, then Fisher–Yates: fixed algorithms, so these rows never change.
        var (_, validation) = Numbered(20).Split(0.75, seed: 2024);
        Assert.Equal([12L, 2, 19, 14, 1], RowIds(validation.Features));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Split_refuses_fractions_outside_0_1(double f) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Numbered(10).Split(f, 0));

    [Fact]
    public void Subset_copies_rows_in_order_with_repeats()
    {
        var s = Numbered(10).Subset(4, 1, 4);

        Assert.Equal([4L, 1, 4], RowIds(s.Features));
        Assert.Equal([1L, 1, 1], s.Targets.data<long>().ToArray());
        Assert.Throws<IndexOutOfRangeException>(() => Numbered(10).Subset(10));
    }

    [Fact]
    public void WhereClass_then_Relabel_keeps_three_digit_classes_as_0_1_2()
    {
        var digits = Digits.Load().ToDataset();

        var three = digits.WhereClass(8, 3, 5).Relabel();

        Assert.Equal(183 + 182 + 174, three.Count);
        Assert.Equal(["3", "5", "8"], three.Classes);
        var labels = three.Targets.data<long>().ToArray();
        Assert.Equal([0L, 1, 2], labels.Distinct().Order());
        Assert.Equal(183, labels.Count(l => l == 0));
        Assert.Equal(182, labels.Count(l => l == 1));
        Assert.Equal(174, labels.Count(l => l == 2));
        // Rows keep their original order and their own features.
        var original = digits.Targets.data<long>().ToArray();
        int first3 = Array.IndexOf(original, 3L);
        int firstKept = Array.FindIndex(original, l => l is 3 or 5 or 8);
        Assert.Equal(digits.Features[firstKept].data<float>().ToArray(), three.Features[0].data<float>().ToArray());
        Assert.True(first3 >= firstKept);
    }

    [Fact]
    public void Relabel_without_class_names_names_classes_by_old_label()
    {
        var r = Numbered(9).WhereClass(2, 0).Relabel();

        Assert.Equal(["0", "2"], r.Classes);
        Assert.Equal([0L, 1, 0, 1, 0, 1], r.Targets.data<long>().ToArray());
    }

    [Fact]
    public void OneHot_gives_float_rows_with_a_single_one()
    {
        var d = Numbered(4).OneHot();

        Assert.Equal([4L, 3], d.Targets.shape);
        Assert.Equal(ScalarType.Float32, d.Targets.dtype);
        Assert.Equal([1f, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0], d.Targets.data<float>().ToArray());
        Assert.Equal([2L, 10], Digits.Load().ToDataset().Subset(0, 1).OneHot().Targets.shape); // 10 columns from the class names
    }

    [Fact]
    public void Label_operations_on_regression_targets_are_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Diabetes.Load().ToDataset().WhereClass(1));
        Assert.Contains("needs 1-d Int64 class labels", e.Message);
    }

    [Fact]
    public void Rows_must_pair()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dataset(zeros(3, 2), zeros(4)));
        Assert.Contains("features have 3 rows", e.Message);
    }
}
