using Edu.Sdk.Autograd;

namespace Edu.Sdk;

public static partial class torch
{
    public static partial class autograd
    {
        /// <summary>
        /// What a custom function's forward leaves for its backward: tensors (<see cref="save_for_backward(Tensor[])"/>), which are
        /// checked for in-place changes, and other values (<see cref="save_data"/>).
        /// </summary>
        public sealed class AutogradContext
        {
            SavedTensor[] _saved = [];
            readonly Dictionary<string, object?> _data = new(StringComparer.Ordinal);
            internal Node? Node;

            /// <summary>For each tensor input of <c>forward</c>, in order: whether its gradient is needed.</summary>
            public IReadOnlyList<bool> needs_input_grad { get; internal set; } = [];

            /// <summary>Keeps tensors for the backward.</summary>
            public void save_for_backward(params Tensor[] tensors) => _saved = tensors.Select(t => new SavedTensor(t)).ToArray();

            /// <summary>Keeps tensors for the backward (TorchSharp's list form).</summary>
            public void save_for_backward(List<Tensor> tensors) => save_for_backward(tensors.ToArray());

            /// <summary>The tensors given to <see cref="save_for_backward(Tensor[])"/>, in order.</summary>
            public List<Tensor> get_saved_variables()
            {
                if (Node is { Released: true })
                    throw new InvalidOperationException($"{Node.name()}: the saved tensors were freed by an earlier backward(); call backward(retain_graph: true) to go through the graph twice.");
                return _saved.Select(s => s.Unpack(Node!)).ToList();
            }

            /// <summary>The saved tensors, as in PyTorch's <c>ctx.saved_tensors</c>.</summary>
            public IReadOnlyList<Tensor> saved_tensors => get_saved_variables();

            /// <summary>Keeps a non-tensor value (a shape, a flag) for the backward.</summary>
            public void save_data(string key, object? value) => _data[key] = value;

            /// <summary>A value kept by <see cref="save_data"/>.</summary>
            public object? get_data(string key) =>
                _data.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"get_data: nothing was saved under \"{key}\"; the forward saved: {string.Join(", ", _data.Keys)}.");

            internal void Release() => _saved = [];
        }

        /// <summary>
        /// A differentiable function with a hand-written backward, in TorchSharp's shape: subclass it, write
        /// <see cref="forward"/> (compute the output, save what the backward needs) and <see cref="backward"/>
        /// (return dL/d(input) for each tensor input, in order; null where none is needed), then call
        /// <c>MyFunction.apply(x, w)</c>. Check the backward with <c>GradCheck</c>.
        /// </summary>
        /// <typeparam name="T">The function's own type.</typeparam>
        public abstract class SingleTensorFunction<T> where T : SingleTensorFunction<T>, new()
        {
            /// <summary>The function's name, used in messages and as the node's name.</summary>
            public abstract string Name { get; }

            /// <summary>Computes the output from the arguments given to <see cref="apply"/> (runs without recording).</summary>
            public abstract Tensor forward(AutogradContext ctx, params object[] vars);

            /// <summary>Given dL/d(output), returns dL/d(input) for each tensor argument of <see cref="forward"/>, in order.</summary>
            public abstract List<Tensor?> backward(AutogradContext ctx, Tensor grad_output);

            /// <summary>Runs the function and, when an input requires grad, records it on the tape.</summary>
            public static Tensor apply(params object[] vars)
            {
                var fn = new T();
                var inputs = vars.OfType<Tensor>().ToArray();
                var ctx = new AutogradContext { needs_input_grad = inputs.Select(t => t.requires_grad).ToArray() };
                Tensor output;
                using (no_grad()) output = fn.forward(ctx, vars);
                if (!inputs.Any(GradMode.Wants)) return output;
                // The output may be an input or share its storage: give the node its own tensor object.
                var result = output.detach();
                var node = new FunctionNode(fn.Name, inputs, ctx, g => fn.backward(ctx, g));
                ctx.Node = node;
                return result.WithGradFn(node);
            }
        }
    }
}
