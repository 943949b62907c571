using static Edu.Sdk.torch;

namespace Tour;

/// <summary>
/// The same two-layer perceptron and cross-entropy with the backward written by hand, as assignment A3 asks:
/// the third way to the gradient that the tour compares with the generated one and the tape's.
/// </summary>
public static class ManualMlp
{
    /// <summary>dL/dw1, dL/db1, dL/dw2, dL/db2 of the mean cross-entropy of relu(x·w1 + b1)·w2 + b2 against one-hot y.</summary>
    public static Tensor[] Gradients(Tensor x, Tensor y, Tensor w1, Tensor b1, Tensor w2, Tensor b2)
    {
        using var _ = no_grad();
        var h = (x.matmul(w1) + b1).relu();
        var z = h.matmul(w2) + b2;
        long n = x.size(0);
        var dz = (z.softmax(1) - y) / n;            // dL/dz = (softmax(z) − y) / n
        var dh = dz.matmul(w2.T);                   // dL/dh = dL/dz · w2ᵀ
        var da = dh * h.gt(0).to(dh.dtype);         // dL/da = dL/dh ⊙ 1[h > 0]
        return [x.T.matmul(da), da.sum(0), h.T.matmul(dz), dz.sum(0)];
    }
}
