namespace Edu.Sdk.Checking;

/// <summary>
/// Tolerances of a gradient check, with PyTorch's <c>torch.autograd.gradcheck</c> defaults: an analytical entry a
/// passes against the numerical one n when |a − n| ≤ <see cref="Atol"/> + <see cref="Rtol"/> · |n|.
/// </summary>
/// <param name="Eps">The step of the central differences (f(x + ε) − f(x − ε)) / 2ε.</param>
/// <param name="Atol">Absolute tolerance.</param>
/// <param name="Rtol">Relative tolerance.</param>
/// <param name="Throw">Throw a <see cref="GradCheckException"/> with the report when the check fails.</param>
public sealed record GradCheckOptions(double Eps = 1e-6, double Atol = 1e-5, double Rtol = 1e-3, bool Throw = false)
{
    /// <summary>The defaults (PyTorch's), reporting rather than throwing.</summary>
    public static GradCheckOptions Default { get; } = new();
}

/// <summary>Thrown by a failing gradient check run with <see cref="GradCheckOptions.Throw"/>; carries the report.</summary>
public sealed class GradCheckException(GradCheckReport report) : Exception(report.ToString())
{
    /// <summary>The per-tensor errors.</summary>
    public GradCheckReport Report { get; } = report;
}
