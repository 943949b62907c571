using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

/// <summary>Lines targets up with outputs where the intent is clear.</summary>
internal static class TargetShapes
{
    /// <summary>
    /// A regression output of shape (n, 1) against value targets of shape (n): the targets viewed as (n, 1) (no copy),
    /// so that MSE compares each prediction with its own target. Anything else is returned as it is.
    /// </summary>
    public static Tensor Match(Tensor output, Tensor targets)
    {
        if (output.dim() == 2 && output.size(1) == 1 && targets.dim() == 1 && targets.dtype.IsFloatingPoint() && targets.size(0) == output.size(0))
            return targets.reshape(targets.size(0), 1);
        return targets;
    }
}
