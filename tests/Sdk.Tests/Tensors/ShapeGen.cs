using FsCheck;
using FsCheck.Fluent;

namespace Edu.Sdk.Tests.Tensors;

/// <summary>FsCheck generators for shapes and values used across the tensor properties.</summary>
internal static class ShapeGen
{
    /// <summary>A shape of rank 0..4 with sizes 1..5.</summary>
    public static Gen<int[]> Shape(int maxRank = 4, int maxSize = 5) =>
        from rank in Gen.Choose(0, maxRank)
        from dims in Gen.ArrayOf(Gen.Choose(1, maxSize), rank)
        select dims;

    /// <summary>Two shapes that broadcast: start from one, then drop leading dims and set some sizes to 1.</summary>
    public static Gen<(int[] A, int[] B)> BroadcastPair() =>
        from full in Shape()
        from dropA in Gen.Choose(0, full.Length)
        from dropB in Gen.Choose(0, full.Length)
        from maskA in Gen.ArrayOf(ArbMap.Default.GeneratorFor<bool>(), full.Length)
        from maskB in Gen.ArrayOf(ArbMap.Default.GeneratorFor<bool>(), full.Length)
        select (Thin(full, dropA, maskA), Thin(full, dropB, maskB));

    static int[] Thin(int[] full, int drop, bool[] ones) =>
        full.Select((d, i) => ones[i] ? 1 : d).Skip(drop).ToArray();

    public static Gen<double[]> Values(int n, double scale = 10) =>
        Gen.ArrayOf(Gen.Choose(-1_000_000, 1_000_000).Select(v => v / 1_000_000.0 * scale), n);

    public static torch.Tensor Make(double[] values, int[] dims, ScalarType dtype = ScalarType.Float64) =>
        torch.tensor(values, dims.Select(d => (long)d).ToArray()).to(dtype);

    public static Config Quick => Config.QuickThrowOnFailure.WithMaxTest(200);
}
