using System.Globalization;

namespace Edu.Sdk.Tensors;

/// <summary>
/// The claim word of a <see cref="CoreSplit"/> job: its generation (bits 32-63), its part count (bits 16-31) and the
/// next part to take (bits 0-15), changed only by compare-and-swap. A thread takes a part only if the word still
/// holds the generation it was given, so a helper that comes late to a job that has ended takes nothing, and one
/// atomic read gives it the part count of the same job as the part.
/// </summary>
internal static class SplitClaim
{
    const long Field = 0xFFFF;

    /// <summary>The word of a new job whose parts are all still to take.</summary>
    public static long Open(int generation, int parts) => ((long)generation << 32) | ((long)parts << 16);

    /// <summary>
    /// Takes the next part of job <paramref name="generation"/>: false once every part is taken, the job was closed,
    /// or another job has started.
    /// </summary>
    public static bool Take(ref long word, int generation, out int part, out int parts)
    {
        while (true)
        {
            long seen = Volatile.Read(ref word);
            part = (int)(seen & Field);
            parts = PartsOf(seen);
            if (GenerationOf(seen) != generation || part >= parts) return false;
            if (Interlocked.CompareExchange(ref word, seen + 1, seen) == seen) return true;
        }
    }

    /// <summary>Closes job <paramref name="generation"/> so no one takes another part; returns how many were left.</summary>
    public static int Close(ref long word, int generation)
    {
        while (true)
        {
            long seen = Volatile.Read(ref word);
            int next = (int)(seen & Field), parts = PartsOf(seen);
            if (GenerationOf(seen) != generation || next >= parts) return 0;
            if (Interlocked.CompareExchange(ref word, (seen & ~Field) | (long)parts, seen) == seen) return parts - next;
        }
    }

    /// <summary>Parts of the job in <paramref name="word"/> that nobody has taken.</summary>
    public static int Unclaimed(long word) => Math.Max(0, PartsOf(word) - (int)(word & Field));

    /// <summary>The word spelled out, for a test's failure message.</summary>
    public static string Describe(long word) => string.Create(CultureInfo.InvariantCulture,
        $"(generation {GenerationOf(word)}, next {word & Field} of {PartsOf(word)})");

    static int GenerationOf(long word) => (int)(word >> 32);

    static int PartsOf(long word) => (int)((word >> 16) & Field);
}
