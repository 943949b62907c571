using System.Runtime.Intrinsics;

namespace Edu.Sdk.Tensors;

/// <summary>Masks for rows shorter than an AVX-512 register of floats (a classifier's 10 values).</summary>
internal static class LaneMask
{
    /// <summary>Lanes 0 to <paramref name="n"/> − 1 set, the rest clear: for masked loads and stores of a row of n floats.</summary>
    public static Vector512<float> First(int n) =>
        Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(n)).AsSingle();
}
