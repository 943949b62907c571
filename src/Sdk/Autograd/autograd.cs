using Edu.Sdk.Autograd;

namespace Edu.Sdk;

public static partial class torch
{
    /// <summary>Automatic differentiation, as in <c>torch.autograd</c>: gradients of outputs with respect to chosen inputs, and custom functions.</summary>
    public static partial class autograd
    {
        /// <summary>
        /// dL/d(input) for each of <paramref name="inputs"/>, where L = Σ outputs[i] · grad_outputs[i] (for scalar
        /// outputs, omit <paramref name="grad_outputs"/>). Unlike <c>backward()</c>, nothing is added into any <c>grad</c>.
        /// </summary>
        public static IReadOnlyList<Tensor?> grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs,
            IReadOnlyList<Tensor>? grad_outputs = null, bool retain_graph = false, bool allow_unused = false)
        {
            if (grad_outputs is not null && grad_outputs.Count != outputs.Count)
                throw new ArgumentException($"autograd.grad: {outputs.Count} outputs but {grad_outputs.Count} grad_outputs; give one per output.");
            for (int i = 0; i < outputs.Count; i++)
                if (!outputs[i].requires_grad)
                    throw new ArgumentException($"autograd.grad: output {i} ({outputs[i].ShapeText}) does not require grad; nothing it was computed from has requires_grad = true.");
            for (int i = 0; i < inputs.Count; i++)
                if (!inputs[i].requires_grad)
                    throw new ArgumentException($"autograd.grad: input {i} ({inputs[i].ShapeText}) does not require grad; set requires_grad = true before computing the outputs.");
            var seeds = outputs.Select((o, i) => o.SeedGradient("autograd.grad", grad_outputs?[i])).ToArray();
            var result = Engine.Run(outputs, seeds, retain_graph, inputs)!;
            for (int i = 0; i < result.Length; i++)
                if (result[i] is null && !allow_unused)
                    throw new InvalidOperationException($"autograd.grad: input {i} ({inputs[i].ShapeText}) was not used to compute the outputs; pass allow_unused: true to get null for it.");
            return result;
        }

        /// <summary>The gradient of a scalar <paramref name="output"/> with respect to one input.</summary>
        public static Tensor grad(Tensor output, Tensor input, bool retain_graph = false) =>
            grad([output], [input], retain_graph: retain_graph)[0]!;
    }
}
