using Edu.Sdk.Tensors;

namespace Edu.Sdk.Autograd;

/// <summary>
/// Y = A·B (2-d): dL/dA = dL/dY · Bᵀ and dL/dB = Aᵀ · dL/dY. The transposes are views, so each gradient is one
/// GEMM; a leaf's gradient is accumulated into its grad buffer by that GEMM (β = 1, or β = 0 while the buffer is
/// logically zero), with no temporary; at batch 1 a weight's gradient is kept as its two factors (<see cref="GradSink.AddProduct"/>).
/// </summary>
internal sealed class MmBackward(torch.Tensor a, torch.Tensor b) : Node(a, b)
{
    readonly SavedTensor? _a = b.requires_grad ? new(a) : null, _b = a.requires_grad ? new(b) : null;
    readonly bool _bTransposed = b._transposed;
    public override string name() => "MmBackward0";

    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        g = g.Contiguous();
        torch.Tensor? ga = null, gb = null;
        if (Needs(0)) ga = Product(g, _b!.Value.Unpack(this).T, sink.ProductAccumulatorFor(this, 0));
        if (Needs(1))
        {
            var a = _a!.Value.Unpack(this);
            // Y = X·Wᵀ (a Linear layer): dL/dW = (Xᵀ·dL/dY)ᵀ = dL/dYᵀ·X, added into W.grad by one GEMM.
            if (sink.AccumulatorThroughTranspose(this, 1) is { } wGrad)
            {
                GradSink.AddProduct(g.T, a, wGrad);
                gb = GradSink.Accumulated;
            }
            // No grad buffer yet: the same product as above, dL/dYᵀ·X, then viewed transposed. Computed as Xᵀ·dL/dY
            // instead, the kernel would sum in another order, and W's first gradient would differ in the last bit from
            // the one a run resumed from a checkpoint (whose W.grad exists) computes.
            else if (_bTransposed) gb = g.T.mm(a).T;
            else gb = Product(a.T, g, sink.ProductAccumulatorFor(this, 1));
        }
        return [ga, gb];
    }

    static torch.Tensor Product(torch.Tensor x, torch.Tensor y, torch.Tensor? into)
    {
        if (into is null) return x.mm(y);
        GradSink.AddProduct(x, y, into);
        return GradSink.Accumulated;
    }
}

/// <summary>Y[i] = A[i]·B[i] for each batch i: dL/dA[i] = dL/dY[i] · B[i]ᵀ, dL/dB[i] = A[i]ᵀ · dL/dY[i].</summary>
internal sealed class BmmBackward(torch.Tensor a, torch.Tensor b) : Node(a, b)
{
    readonly SavedTensor _a = new(a), _b = new(b);
    public override string name() => "BmmBackward0";

    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        var a = _a.Unpack(this);
        var b = _b.Unpack(this);
        return [Needs(0) ? g.bmm(b.transpose(1, 2)) : null, Needs(1) ? a.transpose(1, 2).bmm(g) : null];
    }
}
