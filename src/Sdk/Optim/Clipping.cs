using System.Numerics.Tensors;
using Edu.Sdk.Nn;
using Edu.Sdk.Optim;

namespace Edu.Sdk;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Utilities over parameters, as in <c>torch.nn.utils</c>.</summary>
        public static partial class utils
        {
            /// <summary>
            /// Rescales the gradients of <paramref name="parameters"/> together so that their total norm is at most
            /// <paramref name="max_norm"/>, as <c>torch.nn.utils.clip_grad_norm_</c> does: with
            /// total = ‖(‖g₁‖, ‖g₂‖, ...)‖ (the <paramref name="norm_type"/>-norm of all gradient elements at once) and
            /// c = max_norm / (total + 1e-6), every gradient is multiplied by c when c &lt; 1. Parameters without a
            /// gradient are skipped. Returns the total norm before clipping.
            /// </summary>
            /// <param name="parameters">The parameters whose gradients are clipped.</param>
            /// <param name="max_norm">The largest total norm allowed (finite, &gt;= 0).</param>
            /// <param name="norm_type">p of the p-norm: any p &gt; 0, or <see cref="double.PositiveInfinity"/> for the largest magnitude.</param>
            /// <param name="error_if_nonfinite">Throw when the total norm is NaN or infinite instead of scaling.</param>
            public static double clip_grad_norm_(IEnumerable<Parameter> parameters, double max_norm, double norm_type = 2, bool error_if_nonfinite = false)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                if (!double.IsFinite(max_norm) || max_norm < 0)
                    throw new ArgumentOutOfRangeException(nameof(max_norm), max_norm, $"clip_grad_norm_: max_norm must be a finite number >= 0, got {Hyperparameters.Format(max_norm)}.");
                if (double.IsNaN(norm_type) || norm_type <= 0)
                    throw new ArgumentOutOfRangeException(nameof(norm_type), norm_type, $"clip_grad_norm_: norm_type must be > 0 (or infinity), got {Hyperparameters.Format(norm_type)}.");
                var grads = Gradients("clip_grad_norm_", parameters);
                double total = GradNorms.Total(grads, norm_type);
                if (error_if_nonfinite && !double.IsFinite(total))
                    throw new InvalidOperationException($"clip_grad_norm_: the total norm of order {Hyperparameters.Format(norm_type)} of the gradients is {Hyperparameters.Format(total)}, so they cannot be clipped; a loss has probably diverged.");
                double coef = max_norm / (total + 1e-6);
                if (coef < 1)
                    foreach (var g in grads) GradNorms.Scale(g, coef);
                return total;
            }

            /// <summary>
            /// Clamps every gradient element of <paramref name="parameters"/> to [−clip_value, clip_value], in place, as
            /// <c>torch.nn.utils.clip_grad_value_</c> does. Parameters without a gradient are skipped; NaN stays NaN.
            /// </summary>
            /// <param name="parameters">The parameters whose gradients are clipped.</param>
            /// <param name="clip_value">The largest magnitude allowed (finite, &gt;= 0).</param>
            public static void clip_grad_value_(IEnumerable<Parameter> parameters, double clip_value)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                if (!double.IsFinite(clip_value) || clip_value < 0)
                    throw new ArgumentOutOfRangeException(nameof(clip_value), clip_value, $"clip_grad_value_: clip_value must be a finite number >= 0, got {Hyperparameters.Format(clip_value)}.");
                foreach (var g in Gradients("clip_grad_value_", parameters))
                {
                    if (g.dtype == ScalarType.Float32)
                    {
                        var s = Storage.Elements<float>(g);
                        TensorPrimitives.Clamp(s, (float)-clip_value, (float)clip_value, s);
                    }
                    else
                    {
                        var s = Storage.Elements<double>(g);
                        TensorPrimitives.Clamp(s, -clip_value, clip_value, s);
                    }
                    g.BumpVersion();
                }
            }

            /// <summary>The gradients to clip; refused when a backward already applied one (an SGD with step_in_backward).</summary>
            static List<Tensor> Gradients(string op, IEnumerable<Parameter> parameters)
            {
                var grads = new List<Tensor>();
                foreach (var p in parameters)
                {
                    if (p is null) continue;
                    if (p.SteppedSinceArmed)
                        throw new InvalidOperationException(
                            $"{op}: a parameter of shape ({p.ShapeText}) was already updated inside the backward by an SGD made with step_in_backward: true, " +
                            "so its gradient is gone and cannot be clipped. Make the SGD without step_in_backward to clip gradients.");
                    if (p.GradValue is { } g) grads.Add(g);
                }
                return grads;
            }
        }
    }
}
