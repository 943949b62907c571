using Edu.Sdk.Nn;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Layers;

/// <summary>
/// Where a generated backward adds a parameter's gradient g (<see cref="LayerWorkspace.GradOrStepOf"/>): into
/// <c>p.grad</c> (target += g), or, under an SGD that steps in the backward, into the parameter itself, scaled by
/// −lr (p += −lr·g). The workspace's <c>AddTo</c> and <c>AddMatMul</c> take either.
/// </summary>
public readonly struct GradientTarget
{
    internal GradientTarget(Tensor? tensor, double scale, bool stepsParameter)
    {
        Tensor = tensor;
        Scale = scale;
        StepsParameter = stepsParameter;
    }

    /// <summary>The tensor added into: the gradient buffer, the parameter, or null for a frozen parameter (nothing is added).</summary>
    internal Tensor? Tensor { get; }

    /// <summary>The factor of the added gradient: 1 into <c>grad</c>, −lr into the parameter.</summary>
    internal double Scale { get; }

    /// <summary>True when the gradient goes into the parameter itself (an SGD step taken in the backward).</summary>
    public bool StepsParameter { get; }
}

/// <summary>
/// Turns steps in the backward off on this thread while a generated backward runs for something other than a training
/// step: as one node of the tape (another node may still read the parameter), for <see cref="Checking.GradCheck"/>,
/// which reads gradients and must leave the parameters as they were, and inside <c>Trainer.Fit</c>, which watches the
/// gradients for divergence and clips them.
/// </summary>
internal static class StepsInBackward
{
    [ThreadStatic] static int t_suspended;

    /// <summary>True while a <see cref="Suspend"/> scope is open on this thread.</summary>
    public static bool Suspended => t_suspended > 0;

    /// <summary>Until disposed, generated backwards put gradients into <c>grad</c> only.</summary>
    public static Scope Suspend()
    {
        t_suspended++;
        return default;
    }

    public readonly struct Scope : IDisposable
    {
        public void Dispose() => t_suspended--;
    }
}
