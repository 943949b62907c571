using Edu.Sdk.Common;

namespace Edu.Sdk.Probability;

/// <summary>
/// The SDK's xoshiro256** (<see cref="Xoshiro256"/>) rather than <see cref="System.Random"/>,
/// so that a seed gives the same samples on every .NET version and platform: the sequence is fixed by the
/// algorithm written here, and a sampling exercise's printed numbers can be checked by hand.
/// </summary>
internal sealed class SeededRandom(long seed)
{
    Xoshiro256 _state = new(seed);

    public ulong NextUInt64() => _state.NextUInt64();

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => _state.NextDouble();

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
