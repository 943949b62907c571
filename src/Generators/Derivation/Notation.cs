using System;
using System.Linq;
using Edu.Sdk.Generators.Model;

namespace Edu.Sdk.Generators.Derivation
{
    /// <summary>Writes forward values in the course's notation (x·w1 + b1, relu(a1), Σ_1 y, ...) for the generated comments.</summary>
    internal static class Notation
    {
        /// <summary>The right-hand side of <paramref name="n"/>, with its arguments named by <paramref name="name"/>.</summary>
        public static string Forward(ValueNode n, Func<int, string> name)
        {
            string A(int i) => name(n.Args[i]);
            string op(int i, string flag) => A(i) + (flag == "true" ? "ᵀ" : "");
            return n.Op switch
            {
                Op.Add => $"{A(0)} + {A(1)}",
                Op.Sub => $"{A(0)} − {A(1)}",
                Op.Mul => $"{A(0)} ⊙ {A(1)}",
                Op.Div => $"{A(0)} / {A(1)}",
                Op.AddScalar => $"{A(0)} + {n.Attr(0)}",
                Op.SubScalar => $"{A(0)} − {n.Attr(0)}",
                Op.ScalarSub => $"{n.Attr(0)} − {A(0)}",
                Op.MulScalar => $"{n.Attr(0)} · {A(0)}",
                Op.DivScalar => $"{A(0)} / {n.Attr(0)}",
                Op.ScalarDiv => $"{n.Attr(0)} / {A(0)}",
                Op.Neg => $"−{A(0)}",
                Op.Pow => $"{A(0)}^{n.Attr(0)}",
                Op.Exp => $"exp({A(0)})",
                Op.Log => $"log({A(0)})",
                Op.Sqrt => $"√{A(0)}",
                Op.Relu => $"relu({A(0)})",
                Op.Sigmoid => $"sigmoid({A(0)})",
                Op.Tanh => $"tanh({A(0)})",
                Op.Softmax => $"softmax({A(0)}, dim {n.Attr(0)})",
                Op.LogSoftmax => $"log_softmax({A(0)}, dim {n.Attr(0)})",
                Op.Sum => $"Σ {A(0)}",
                Op.Mean => $"mean({A(0)})",
                Op.SumDim => $"Σ_dim{n.Attr(0)} {A(0)}",
                Op.MeanDim => $"mean_dim{n.Attr(0)}({A(0)})",
                Op.MatMul => $"{op(0, n.Attr(0))}·{op(1, n.Attr(1))}",
                Op.Transpose => $"{A(0)}ᵀ",
                Op.Detach => $"{A(0)}.detach()",
                Op.Reshape => $"reshape({A(0)}, [{string.Join(", ", n.Attrs)}])",
                Op.Flatten => $"flatten({A(0)}, {n.Attr(0)}, {n.Attr(1)})",
                Op.MatMulAdd => n.Attr(0) == "None"
                    ? $"{op(0, n.Attr(1))}·{op(1, n.Attr(2))} + {A(2)}"
                    : $"{n.Attr(0).ToLowerInvariant()}({n.Attr(3)}), {n.Attr(3)} = {op(0, n.Attr(1))}·{op(1, n.Attr(2))} + {A(2)}",
                Op.SoftmaxCrossEntropy when n.Attr(1) == "classes" => $"cross_entropy({A(0)}, {A(1)}) = −mean_i log softmax({A(0)})[i, {A(1)}_i]",
                Op.SoftmaxCrossEntropy => $"−mean_i Σ_k {A(1)}[i, k] · log softmax({A(0)})[i, k]",
                Op.Conv2d => $"conv2d({A(0)}, {A(1)}{(n.Args.Count > 2 ? ", " + A(2) : "")}, stride {n.Attr(0)}, padding {n.Attr(1)})",
                Op.MaxPool2d => $"max_pool2d({A(0)}, {n.Attr(0)}{(n.Attr(1) == "0" ? "" : ", stride " + n.Attr(1))}{(n.Attr(2) == "0" ? "" : ", padding " + n.Attr(2))})",
                Op.AdaptiveMaxPool2d => $"adaptive_max_pool2d({A(0)}, {(n.Attrs.Count == 1 ? n.Attr(0) : $"({n.Attr(0)}, {n.Attr(1)})")})",
                Op.Cat => $"cat([{string.Join(", ", Enumerable.Range(0, n.Args.Count).Select(A))}], dim {n.Attr(0)})",
                Op.LayerCall => $"{n.Attr(0)}.{n.Attr(1)}({string.Join(", ", System.Linq.Enumerable.Range(0, n.Args.Count).Select(A))})",
                Op.Loop when n.Body!.IsBranch => $"{A(0)} through the branch run when {n.Body.Condition}",
                Op.Loop => $"{A(0)} through one iteration per layer of {n.Body!.Collection}",
                _ => n.Op.ToString(),
            };
        }

        /// <summary>What the fused forward kernels do, for the forward's comments.</summary>
        public static string ForwardRemark(ValueNode n, Func<int, string> name) => n.Op switch
        {
            Op.MatMulAdd when n.Attr(0) == "None" => "one GEMM onto the bias rows",
            Op.MatMulAdd => $"one GEMM onto the bias rows, then {n.Attr(0).ToLowerInvariant()} in place",
            Op.SoftmaxCrossEntropy => $"softmax and cross-entropy in one pass per row; {n.Attr(0)} = softmax({name(n.Args[0])}) kept for the backward",
            Op.Detach => "the same tensor; the backward sends no gradient back through it",
            _ => "",
        };
    }
}
