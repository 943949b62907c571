namespace Edu.Sdk.Generators.Model
{
    /// <summary>The operations of a layer's expression graph: what the parser recognises and the derivation knows how to differentiate.</summary>
    internal enum Op
    {
        /// <summary>A tensor argument of the method. Attrs: [index, "diff" | "nondiff"].</summary>
        Input,
        /// <summary>A field of type Parameter: learnt, gets a gradient.</summary>
        Param,
        /// <summary>A field of type Tensor that is not a Parameter: a constant, no gradient.</summary>
        Constant,
        Add, Sub, Mul, Div,
        /// <summary>a + s, a − s, s − a, a·s, a / s, s / a for a number s (Attrs[0], C# text).</summary>
        AddScalar, SubScalar, ScalarSub, MulScalar, DivScalar, ScalarDiv,
        Neg,
        /// <summary>aᵖ for a number p (Attrs[0]).</summary>
        Pow,
        Exp, Log, Sqrt, Relu, Sigmoid, Tanh,
        /// <summary>Attrs: [dim].</summary>
        Softmax, LogSoftmax,
        Sum, Mean,
        /// <summary>Attrs: [dim, keepdim].</summary>
        SumDim, MeanDim,
        /// <summary>op(a)·op(b). Attrs: [transposeA, transposeB] ("true"/"false").</summary>
        MatMul,
        /// <summary>a.detach(): the same values, through which no gradient flows back (a constant from here on).</summary>
        Detach,
        /// <summary>aᵀ (a 2-d transpose) used other than as a matmul operand.</summary>
        Transpose,
        /// <summary>Attrs: the shape arguments (C# text each).</summary>
        Reshape,
        /// <summary>Attrs: [start_dim, end_dim].</summary>
        Flatten,
        /// <summary>Fused act(op(a)·op(w) + b). Attrs: [activation, transposeA, transposeB, pre-activation name].</summary>
        MatMulAdd,
        /// <summary>Fused −mean_i Σ_k t log softmax(z). Args: [z, t]. Attrs: [probabilities name].</summary>
        SoftmaxCrossEntropy,
        /// <summary>
        /// A call to a sub-layer's differentiable method (its generated forward; its generated backward is chained).
        /// Args: the tensor arguments. Attrs: [receiver (C# text), method, per-argument "d"/"n" (differentiable or not),
        /// "true" when the sub-layer has <c>backward_parameters</c>].
        /// </summary>
        LayerCall,
        /// <summary>conv2d(x, w, b?) on (N, C, H, W). Args: [x, w] or [x, w, b]. Attrs: [stride, padding, "pairs" when both are (height, width) pairs, else ""].</summary>
        Conv2d,
        /// <summary>max_pool2d(x, k, stride, padding). Attrs: [kernel_size, stride (0: the kernel size), padding].</summary>
        MaxPool2d,
        /// <summary>adaptive_max_pool2d(x, (oh, ow)). Attrs: [oh, ow], or [the pair] for one number that is not a constant.</summary>
        AdaptiveMaxPool2d,
        /// <summary>cat(tensors, dim): the args joined along dim, in order. Attrs: [dim].</summary>
        Cat,
        /// <summary>
        /// A loop over a collection of sub-layers, or the arm of an if, carrying one tensor local. Args: [its value before
        /// the loop, then the values its body reads from around it (<see cref="LoopBody.Outer"/>)]. See <see cref="ValueNode.Body"/>.
        /// </summary>
        Loop,
        /// <summary>Inside a loop body: the carried value at the start of an iteration (the body's only input).</summary>
        LoopIn,
        /// <summary>
        /// Inside a loop body or the arm of an <c>if</c>: a value of the enclosing graph the body reads besides the one it
        /// carries (<c>h = d.Model(h) + x;</c>, <c>if (useSkip) h = h + x;</c>). Attrs: [the enclosing node's id, "diff"
        /// once known to carry a gradient].
        /// </summary>
        Outer,
    }
}
