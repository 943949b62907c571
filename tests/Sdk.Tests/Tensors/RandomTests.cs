using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Tensors;

[Trait("Category", "Tensors")]
public class RandomTests
{
    // Expected values come from a separate Python implementation of the documented algorithm
    // (SplitMix64 seeding, xoshiro256**, top-bit floats, Box–Muller), so they pin the sequence on every machine.
    [Fact]
    public void Generator_follows_xoshiro256starstar_seeded_by_splitmix64()
    {
        var g = new Generator(42);
        Assert.Equal(0x15780b2e0c2ec716UL, g.NextUInt64());
        Assert.Equal(0x6104d9866d113a7eUL, g.NextUInt64());
        Assert.Equal(0xae17533239e499a1UL, g.NextUInt64());
    }

    [Fact]
    public void Rand_takes_the_top_24_bits_of_each_draw()
    {
        var r = rand(3, generator: new Generator(42)).data<float>().ToArray();
        Assert.Equal(new[] { 0.08386296033859253f, 0.37898021936416626f, 0.6800433993339539f }, r);
    }

    [Fact]
    public void Randn_uses_box_muller_on_two_uniform_doubles()
    {
        var r = randn(3, dtype: float64, generator: new Generator(7)).data<double>().ToArray();
        Expect.Close([-0.2790239910251981, 1.8997685786889567, 2.136306014732201], tensor(r), 1e-14);
    }

    [Fact]
    public void Manual_seed_makes_the_default_generator_repeat()
    {
        manual_seed(123);
        var a = randn(5).data<float>().ToArray();
        manual_seed(123);
        var b = randn(5).data<float>().ToArray();
        Assert.Equal(a, b);
    }

    [Fact]
    public void Randperm_is_a_permutation_and_randint_stays_in_range()
    {
        var g = new Generator(1);
        var p = randperm(100, g).data<long>().ToArray();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), p.Order());
        Assert.NotEqual(Enumerable.Range(0, 100).Select(i => (long)i), p);
        var r = randint(3, 7, [1000], g).data<long>().ToArray();
        Assert.All(r, v => Assert.InRange(v, 3, 6));
        Assert.Equal(4, r.Distinct().Count());
    }

    [Fact]
    public void Normal_draws_have_the_requested_moments()
    {
        var x = normal(2.0, 0.5, [200_000], float64, new Generator(3));
        double mean = x.mean().ToDouble();
        double sd = Math.Sqrt(x.sub(mean).pow(2).mean().ToDouble());
        // Standard errors: 0.5/√n ≈ 0.0011 for the mean; the sd estimate is tighter still.
        Assert.InRange(mean, 2.0 - 0.006, 2.0 + 0.006);
        Assert.InRange(sd, 0.5 - 0.005, 0.5 + 0.005);
    }

    [Fact]
    public void Non_finite_or_negative_parameters_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => normal(0, double.NaN, [3]));
        Assert.Equal("normal_: mean must be finite and std finite and non-negative; got mean 0, std NaN.", e.Message);
        e = Assert.Throws<ArgumentException>(() => zeros(3).uniform_(1, double.PositiveInfinity));
        Assert.Equal("uniform_: the bounds must be finite with from <= to; got [1, Infinity).", e.Message);
        e = Assert.Throws<ArgumentException>(() => randint(5, 5, [2]));
        Assert.Equal("randint: the range [5, 5) is empty; high must be greater than low.", e.Message);
    }
}
