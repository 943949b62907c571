using Edu.Sdk.Common;

namespace Edu.Sdk;

public static partial class torch
{
    /// <summary>
    /// A seeded pseudo-random number generator: the same seed gives the same numbers on every machine and every run.
    /// </summary>
    /// <remarks>
    /// Algorithm (fixed, so results are reproducible across versions): xoshiro256** (Blackman and Vigna, 2018),
    /// its 256-bit state filled from the seed by SplitMix64. Uniform floats take the top 24 bits of a draw
    /// (<c>(u &gt;&gt; 40) · 2⁻²⁴</c>), doubles the top 53 bits; normals use the Box–Muller transform on two
    /// uniform doubles, <c>z = √(−2 ln u₁) · cos(2π u₂)</c> with <c>u₁ ∈ (0, 1]</c>, one normal per pair of draws;
    /// integers in <c>[0, n)</c> use Lemire's unbiased multiply-and-reject method; permutations are Fisher–Yates.
    /// Each tensor is filled in row-major order.
    /// </remarks>
    public sealed class Generator
    {
        Xoshiro256 _state;

        /// <summary>A generator seeded with <paramref name="seed"/>.</summary>
        public Generator(long seed = 0) => manual_seed(seed);

        /// <summary>The seed this generator was last seeded with.</summary>
        public long initial_seed { get; private set; }

        /// <summary>Restarts the sequence from <paramref name="seed"/>.</summary>
        public Generator manual_seed(long seed)
        {
            initial_seed = seed;
            _state = new Xoshiro256(seed);
            return this;
        }

        /// <summary>The next 64 uniformly random bits (xoshiro256**).</summary>
        public ulong NextUInt64() => _state.NextUInt64();

        /// <summary>A uniform double in [0, 1).</summary>
        public double NextDouble() => _state.NextDouble();

        /// <summary>A uniform float in [0, 1).</summary>
        public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

        /// <summary>A standard normal draw (Box–Muller).</summary>
        public double NextNormal()
        {
            double u1 = 1.0 - NextDouble(); // (0, 1]: log stays finite
            double u2 = NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }

        /// <summary>A uniform integer in [0, <paramref name="n"/>), without modulo bias (Lemire 2019).</summary>
        public long NextInt64(long n)
        {
            if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), $"NextInt64: the bound must be positive, got {n}.");
            ulong un = (ulong)n;
            ulong hi = Math.BigMul(NextUInt64(), un, out ulong lo);
            if (lo < un)
            {
                ulong threshold = (0 - un) % un;
                while (lo < threshold) hi = Math.BigMul(NextUInt64(), un, out lo);
            }
            return (long)hi;
        }
    }

    // One per thread: two threads building models at once (a hyper-parameter grid's cells) would otherwise interleave
    // their draws, and each model's weights would depend on the other thread's timing.
    [ThreadStatic] static Generator? t_defaultGenerator;

    /// <summary>
    /// The calling thread's default generator: what random ops and <c>nn.init</c> (so <c>nn.Linear</c> and
    /// <c>nn.Conv2d</c>) draw from when given no generator.
    /// </summary>
    /// <remarks>
    /// Each thread has its own, seeded with 0 when the thread first draws from it, so one thread's draws never
    /// change another's: two threads that each call <c>manual_seed(7)</c> and build the same model get the same
    /// weights, whichever runs first. <see cref="manual_seed"/> seeds the calling thread's generator only: a thread
    /// you start (or a task on the thread pool, or code after an <c>await</c>, which may resume on another thread)
    /// does not see it; seed there, or pass a <see cref="Generator"/> explicitly. A thread-pool thread keeps its
    /// generator from one work item to the next. <c>HyperparameterGrid</c> makes each cell's generator its
    /// thread's default while the cell runs.
    /// </remarks>
    public static Generator default_generator => t_defaultGenerator ??= new Generator(0);

    /// <summary>
    /// Seeds the calling thread's default generator (see <see cref="default_generator"/>), so the random tensors
    /// this thread makes next are reproducible. Other threads' generators are unchanged.
    /// </summary>
    public static Generator manual_seed(long seed) => default_generator.manual_seed(seed);

    /// <summary>
    /// Makes <paramref name="generator"/> the calling thread's default generator and returns the one it replaces,
    /// so a caller can run code from a seed of its own and put the previous generator back afterwards.
    /// </summary>
    internal static Generator SwapDefaultGenerator(Generator generator)
    {
        var previous = default_generator;
        t_defaultGenerator = generator;
        return previous;
    }
}
