using static Edu.Sdk.torch;

namespace Edu.Samples;

/// <summary>
/// Mean squared error as a custom differentiable function, like a subclass of PyTorch's <c>torch.autograd.Function</c>:
/// the forward computes L = (1/m) Σₖ (ŷₖ − yₖ)² over all m entries and saves the residual r = ŷ − y; the backward
/// turns the upstream gradient g = ∂J/∂L (a scalar) into ∂J/∂ŷ = g · 2r/m and ∂J/∂y = −g · 2r/m.
/// </summary>
internal sealed class MseFunction : autograd.SingleTensorFunction<MseFunction>
{
    public override string Name => "MseFunction";

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var prediction = (Tensor)vars[0];
        var target = (Tensor)vars[1];
        var residual = prediction - target;
        ctx.save_for_backward(residual);          // all the backward needs
        return residual.pow(2).mean();
    }

    public override List<Tensor?> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var residual = ctx.saved_tensors[0];
        var dPrediction = residual * (2.0 / residual.numel()) * grad_output;
        // Only compute what is asked for: the target usually does not require a gradient.
        return [ctx.needs_input_grad[0] ? dPrediction : null, ctx.needs_input_grad[1] ? dPrediction.neg() : null];
    }
}

/// <summary>
/// The linear map Ŷ = X·W + b as a custom differentiable function. With G = ∂J/∂Ŷ (n×p):
/// ∂J/∂X = G·Wᵀ (n×d), ∂J/∂W = Xᵀ·G (d×p), ∂J/∂b = Σᵢ Gᵢ (the column sums, p): b was broadcast over the n rows,
/// so its gradient adds up the n rows' contributions.
/// </summary>
internal sealed class LinearFunction : autograd.SingleTensorFunction<LinearFunction>
{
    public override string Name => "LinearFunction";

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var w = (Tensor)vars[1];
        var b = (Tensor)vars[2];
        ctx.save_for_backward(x, w);              // X for ∂J/∂W, W for ∂J/∂X
        return x.matmul(w) + b;
    }

    public override List<Tensor?> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.saved_tensors;
        var (x, w) = (saved[0], saved[1]);
        var needs = ctx.needs_input_grad;
        return
        [
            needs[0] ? grad_output.matmul(w.T) : null,
            needs[1] ? x.T.matmul(grad_output) : null,
            needs[2] ? grad_output.sum(0) : null,
        ];
    }
}
