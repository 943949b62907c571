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
    }
}
