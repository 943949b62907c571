using System.Numerics;

namespace Edu.Sdk.Optim;

/// <summary>
/// Why the optimizer kernels flush tiny values to zero, and the thresholds they use.
/// </summary>
/// <remarks>
/// Adam's moments (and SGD's momentum buffer) decay geometrically where the gradient is zero: m ← β₁m shrinks by
/// 0.9 per step, so for a pixel that is rarely lit (a Fashion-MNIST border pixel) m passes 1.2e-38, the smallest
/// normal float, after about 800 steps, and stays subnormal for hundreds more. On x86 each arithmetic op with a
/// subnormal operand or result takes a microcode assist (about 100 cycles instead of 1), and .NET, like PyTorch by
/// default, does not set the FTZ/DAZ flags; the peers' PyTorch runs lose most of an epoch to this.
/// The kernels therefore store 0 instead of any moment whose magnitude is below the threshold. This is sound: a
/// first moment below 1e-30 changes the update by at most lr·1e-30/eps ≈ 1e-25, far below a float's resolution
/// of any parameter it is added to; a second moment below 1e-30 changes √v̂ by under 1e-15, far below eps = 1e-8.
/// The thresholds are well above the smallest normal number, so β·m and (1 − β)·g·g of a flushed-to-threshold
/// value stay normal. NaN is never flushed: divergence stays visible.
/// </remarks>
internal static class Denormals
{
    /// <summary>The float threshold: 1e-30 (the smallest normal float is about 1.18e-38).</summary>
    public const float Float32 = 1e-30f;

    /// <summary>The double threshold: 1e-300 (the smallest normal double is about 2.2e-308).</summary>
    public const double Float64 = 1e-300;

    /// <summary>The threshold for element type <typeparamref name="T"/>.</summary>
    public static T Threshold<T>() where T : IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? T.CreateTruncating(Float32) : T.CreateTruncating(Float64);
}
