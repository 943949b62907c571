namespace Edu.Sdk.Probability;

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna), seeded through SplitMix64. Our own rather than <see cref="System.Random"/>
/// so that a seed gives the same samples on every .NET version and platform: the sequence is fixed by the
/// algorithm written here, and a sampling exercise's printed numbers can be checked by hand.
/// </summary>
internal sealed class SeededRandom
{
    ulong _s0, _s1, _s2, _s3;

    public SeededRandom(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Draws a state from a distribution given as a slice of a CPT row, by inverting its CDF.</summary>
    public int Categorical(ReadOnlySpan<double> p)
    {
        double u = NextDouble(), c = 0;
        int last = 0;
        for (int k = 0; k < p.Length; k++)
        {
            if (p[k] <= 0) continue;
            c += p[k];
            last = k;
            if (u < c) return k;
        }
        return last; // u fell in the rounding gap above the row's sum (within 1e-9 of 1): take the last possible state.
    }
}
