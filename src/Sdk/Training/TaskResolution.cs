using Edu.Sdk.Tensors;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

/// <summary>Decides classification or regression from the targets when <see cref="FitOptions.Task"/> is <see cref="TaskKind.Auto"/>.</summary>
internal static class TaskResolution
{
    public static TaskKind Resolve(TaskKind requested, Tensor targets)
    {
        if (requested != TaskKind.Auto) return requested;
        if (targets.dtype == ScalarType.Int64) return TaskKind.Classification;
        return IsOneHot(targets) ? TaskKind.Classification : TaskKind.Regression;
    }

    /// <summary>Rows of 0s with a single 1, at least two columns.</summary>
    static bool IsOneHot(Tensor t)
    {
        if (t.dim() != 2 || t.size(1) < 2 || t.size(0) == 0) return false;
        int c = (int)t.size(1);
        var v = t.to(ScalarType.Float64).data<double>();
        for (int i = 0; i < v.Length; i += c)
        {
            int ones = 0;
            for (int j = 0; j < c; j++)
            {
                double x = v[i + j];
                if (x == 1) ones++;
                else if (x != 0) return false;
            }
            if (ones != 1) return false;
        }
        return true;
    }
}
