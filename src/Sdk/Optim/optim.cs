using Edu.Sdk.Nn;
using Edu.Sdk.Optim;

namespace Edu.Sdk;

public static partial class torch
{
    /// <summary>Optimizers, as in <c>torch.optim</c>: they read each parameter's <c>grad</c> and update it in place.</summary>
    public static partial class optim
    {
        /// <summary>
        /// Stochastic gradient descent with optional momentum, dampening, weight decay (L2) and Nesterov momentum,
        /// with exactly the update of <c>torch.optim.SGD</c>.
        /// </summary>
        /// <param name="parameters">The parameters to update, e.g. <c>model.parameters()</c>; each at most once.</param>
        /// <param name="lr">The learning rate (non-negative, finite).</param>
        /// <param name="momentum">The momentum factor μ (0 disables momentum).</param>
        /// <param name="dampening">Dampening for momentum: the new gradient enters the buffer with weight 1 − dampening.</param>
        /// <param name="weight_decay">L2 penalty: <c>weight_decay·p</c> is added to the gradient.</param>
        /// <param name="nesterov">Nesterov momentum (needs momentum &gt; 0 and dampening 0).</param>
        /// <param name="step_in_backward">
        /// Plain SGD only (momentum and weight_decay 0): from each <c>zero_grad()</c> to the next <c>step()</c>,
        /// generated layers' backwards apply p ← p − lr·g to the parameters as they compute g, instead of storing g in
        /// <c>p.grad</c> for <see cref="Optimizer.step"/> to read back (<see cref="Optim.SGD.StepsInBackward"/>; its
        /// remarks say what changes: no clipping, accumulation steps each time). The update is the same; <c>p.grad</c>
        /// stays empty for those gradients. Not in PyTorch, whose nearest is a post-accumulate-grad hook that steps each
        /// parameter.
        /// </param>
        public static SGD SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0,
            double weight_decay = 0, bool nesterov = false, bool step_in_backward = false) =>
            new(parameters, lr, momentum, dampening, weight_decay, nesterov, step_in_backward);

        /// <summary>
        /// Adam (Kingma &amp; Ba, 2015) with bias correction, with exactly the update of <c>torch.optim.Adam</c>.
        /// </summary>
        /// <remarks>
        /// The betas are two arguments, as in TorchSharp's factory; <see cref="Optim.Adam.Betas"/> reads and sets them
        /// as a pair. Unlike TorchSharp (whose default beta2 is 0.99), the defaults are PyTorch's and the paper's: 0.9 and 0.999.
        /// </remarks>
        /// <param name="parameters">The parameters to update, e.g. <c>model.parameters()</c>; each at most once.</param>
        /// <param name="lr">The learning rate α (non-negative, finite).</param>
        /// <param name="beta1">Decay of the first-moment (mean) estimate, in [0, 1).</param>
        /// <param name="beta2">Decay of the second-moment (uncentred variance) estimate, in [0, 1).</param>
        /// <param name="eps">Added to √v̂ in the denominator, for numerical stability.</param>
        /// <param name="weight_decay">L2 penalty: <c>weight_decay·p</c> is added to the gradient (not AdamW's decoupled decay).</param>
        /// <param name="amsgrad">Use the running maximum of v (AMSGrad, Reddi et al. 2018) in the denominator.</param>
        public static Adam Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weight_decay = 0, bool amsgrad = false) =>
            new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad);
    }
}
