using System.Globalization;
using System.Text;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

/// <summary>Builds a <see cref="DivergenceReport"/>: which gradient, which activation, which parameters, and what to try.</summary>
internal static class DivergenceDiagnosis
{
    public static DivergenceReport Diagnose(IFitModel model, GradientMonitor monitor, DivergenceCause cause, int epoch, int step, long globalStep,
        double loss, Tensor? batch, double? learningRate)
    {
        var parameters = model.NamedParameters;

        // The gradient: the non-finite one just measured (not a parameter without a gradient, whose norm also reads
        // NaN), else the one that grew most (the previous step's, still in grad).
        int culprit = cause == DivergenceCause.Gradient ? monitor.NonFinite : -1;
        if (culprit < 0 && monitor.HasGradients) culprit = monitor.MostGrown();

        var nonFinite = parameters.Where(p => GradientMonitor.HasNonFinite(p.parameter)).Select(p => p.name).ToList();

        // The activation: the first layer output that is not finite, else the largest.
        string? layer = null;
        double? activationNorm = null;
        if (batch is not null)
        {
            try
            {
                double largest = double.NegativeInfinity;
                foreach (var (name, output) in model.Activations(batch))
                {
                    double norm = GradientMonitor.Norm(output);
                    if (!double.IsFinite(norm) || GradientMonitor.HasNonFinite(output))
                    {
                        (layer, activationNorm) = (name, norm);
                        break;
                    }
                    if (norm > largest) (layer, activationNorm, largest) = (name, norm, norm);
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Replaying the layers one by one is a diagnosis aid: a model it does not fit keeps the rest of the report.
            }
        }

        var report = new DivergenceReport
        {
            Epoch = epoch,
            Step = step,
            GlobalStep = globalStep,
            Cause = cause,
            Loss = loss,
            Parameter = culprit >= 0 ? parameters[culprit].name : null,
            GradientNorm = culprit >= 0 ? monitor.Last(culprit) : null,
            FirstGradientNorm = culprit >= 0 ? monitor.First(culprit) : null,
            Layer = layer,
            ActivationNorm = activationNorm,
            NonFiniteParameters = nonFinite,
            LearningRate = learningRate,
            Message = "",
        };
        return report with { Message = Describe(report) };
    }

    static string Describe(DivergenceReport r)
    {
        var sb = new StringBuilder();
        string where = r.Step > 0
            ? $"at epoch {r.Epoch}, step {r.Step} (step {r.GlobalStep} overall)"
            : $"at epoch {r.Epoch}, in the evaluation after its last step (step {r.GlobalStep} overall)";
        sb.Append("Training diverged ").Append(where).Append(": ");
        sb.Append(r.Cause switch
        {
            DivergenceCause.Gradient => $"a gradient is {Number(r.GradientNorm ?? double.NaN)} (the loss was {Number(r.Loss)}).",
            DivergenceCause.Evaluation => $"the mean loss is {Number(r.Loss)}.",
            _ => $"the loss is {Number(r.Loss)}.",
        }).Append('\n');
        if (r.Parameter is not null)
        {
            string when = r.Cause == DivergenceCause.Gradient ? "at this step" : "at the last backward";
            sb.Append("  Gradient: '").Append(r.Parameter).Append("' blew up, norm ").Append(Number(r.GradientNorm ?? double.NaN)).Append(' ').Append(when);
            if (r.FirstGradientNorm is { } first && double.IsFinite(first)) sb.Append(" (it was ").Append(Number(first)).Append(" at the first step)");
            sb.Append(".\n");
        }
        if (r.Layer is not null)
        {
            bool finite = r.ActivationNorm is { } a && double.IsFinite(a);
            sb.Append("  Activation: the output of layer ").Append(r.Layer).Append(finite ? " is the largest, norm " : " is the first non-finite one, norm ")
              .Append(Number(r.ActivationNorm ?? double.NaN)).Append(".\n");
        }
        if (r.NonFiniteParameters.Count > 0)
            sb.Append("  Parameters now holding NaN or infinite values: ").Append(string.Join(", ", r.NonFiniteParameters)).Append(".\n");
        sb.Append("  Suggestion: lower the learning rate");
        if (r.LearningRate is { } lr) sb.Append(" (it is ").Append(Number(lr)).Append("; try ").Append(Number(lr / 10)).Append(" or less)");
        sb.Append(", or scale the initialisation down (e.g. weights from N(0, 1/fan_in), or the layers' default uniform(±1/√fan_in), ")
          .Append("rather than N(0, 1) or a fixed N(0, 0.01) in deep, wide nets); clipping the gradients (FitOptions.ClipGradNorm) guards against single bad steps.");
        return sb.ToString();
    }

    static string Number(double v)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsPositiveInfinity(v)) return "infinite";
        if (double.IsNegativeInfinity(v)) return "-infinite";
        double a = Math.Abs(v);
        return a != 0 && (a >= 1e5 || a < 1e-3) ? v.ToString("0.###e+0", CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
