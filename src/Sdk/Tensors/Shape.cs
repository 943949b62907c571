using System.Globalization;
using System.Text;

namespace Edu.Sdk.Tensors;

/// <summary>Shape bookkeeping shared by every op: sizes, dims, broadcasting, and how shapes are written in messages.</summary>
internal static class Shape
{
    public static readonly int[] Scalar = [];

    public static int Numel(ReadOnlySpan<int> dims)
    {
        long n = 1;
        foreach (int d in dims) n *= d;
        if (n > Array.MaxLength)
            throw new ArgumentException($"A tensor of shape ({Format(dims)}) would have {n} elements, more than one array can hold ({Array.MaxLength}).");
        return (int)n;
    }

    /// <summary>Row-major strides (in elements) of a contiguous tensor.</summary>
    public static int[] Strides(ReadOnlySpan<int> dims)
    {
        var s = new int[dims.Length];
        int acc = 1;
        for (int i = dims.Length - 1; i >= 0; i--) { s[i] = acc; acc *= dims[i]; }
        return s;
    }

    /// <summary>Writes a shape as in messages: <c>64x784</c>; a scalar is <c>scalar</c>.</summary>
    public static string Format(ReadOnlySpan<int> dims)
    {
        if (dims.Length == 0) return "scalar";
        var sb = new StringBuilder();
        for (int i = 0; i < dims.Length; i++)
        {
            if (i > 0) sb.Append('x');
            sb.Append(dims[i].ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Turns a possibly negative dim into 0..ndim-1, or says which dims the op accepts.</summary>
    public static int NormalizeDim(string op, long dim, ReadOnlySpan<int> dims, bool allowEnd = false)
    {
        int ndim = dims.Length + (allowEnd ? 1 : 0);
        int rank = Math.Max(ndim, 1);
        if (dim < -rank || dim >= rank)
            throw new ArgumentOutOfRangeException(nameof(dim),
                $"{op}: dim {dim} is out of range for a tensor of shape ({Format(dims)}); use a dim in [{-rank}, {rank - 1}].");
        return (int)(dim < 0 ? dim + rank : dim);
    }

    public static int[] FromLong(string op, ReadOnlySpan<long> size)
    {
        var dims = new int[size.Length];
        for (int i = 0; i < size.Length; i++)
        {
            if (size[i] < 0 || size[i] > int.MaxValue)
                throw new ArgumentException($"{op}: size {size[i]} at position {i} is not a valid dimension (sizes are non-negative).");
            dims[i] = (int)size[i];
        }
        return dims;
    }

    /// <summary>A copy of <paramref name="dims"/> with <paramref name="rows"/> as its first size: the shape of those rows of a tensor.</summary>
    public static int[] WithRows(ReadOnlySpan<int> dims, int rows)
    {
        var r = dims.ToArray();
        r[0] = rows;
        return r;
    }

    public static long[] ToLong(ReadOnlySpan<int> dims)
    {
        var s = new long[dims.Length];
        for (int i = 0; i < dims.Length; i++) s[i] = dims[i];
        return s;
    }

    /// <summary>NumPy broadcasting: align from the right; each pair of sizes must be equal or one of them 1.</summary>
    /// <summary>
    /// True when <paramref name="small"/>, without its leading 1s, equals the trailing dims of <paramref name="big"/>
    /// and has no more dims: small broadcasts to big by repeating along big's leading dims (a bias row over a batch).
    /// </summary>
    public static bool IsSuffix(ReadOnlySpan<int> small, ReadOnlySpan<int> big)
    {
        if (small.Length > big.Length) return false;
        int lead = 0;
        while (lead < small.Length && small[lead] == 1) lead++;
        int n = small.Length - lead;
        return small[lead..].SequenceEqual(big[(big.Length - n)..]);
    }

    /// <summary>True when <paramref name="small"/> broadcasts to exactly <paramref name="big"/> (each of its trailing dims equal or 1).</summary>
    public static bool BroadcastsTo(ReadOnlySpan<int> small, ReadOnlySpan<int> big)
    {
        if (small.Length > big.Length) return false;
        for (int i = 1; i <= small.Length; i++)
            if (small[^i] != 1 && small[^i] != big[^i]) return false;
        return true;
    }

    public static int[] Broadcast(string op, ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        if (a.SequenceEqual(b)) return a.ToArray();
        int n = Math.Max(a.Length, b.Length);
        var r = new int[n];
        for (int i = 0; i < n; i++)
        {
            int da = i < n - a.Length ? 1 : a[i - (n - a.Length)];
            int db = i < n - b.Length ? 1 : b[i - (n - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException(
                    $"{op}: cannot broadcast shapes ({Format(a)}) and ({Format(b)}); sizes {da} and {db} differ at dim {i - n} and neither is 1.");
            r[i] = da == 1 ? db : da;
        }
        return r;
    }
}
