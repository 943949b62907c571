namespace Edu.Sdk;

/// <summary>
/// The entry point, spelled like TorchSharp (and so like PyTorch): tensor factories (<c>torch.zeros</c>,
/// <c>torch.randn</c>, ...), functions (<c>torch.matmul</c>, <c>torch.softmax</c>, ...), the nested
/// <see cref="Tensor"/> type and the <c>nn</c>, <c>optim</c> and <c>autograd</c> factories.
/// Write <c>using static Edu.Sdk.torch;</c> to call them without the prefix, as TorchSharp code does.
/// </summary>
public static partial class torch
{
    /// <summary>Neural-network building blocks, as in <c>torch.nn</c>.</summary>
    public static partial class nn
    {
        /// <summary>Wraps <paramref name="data"/> as a learnable <see cref="Nn.Parameter"/> (sharing its storage).</summary>
        public static Nn.Parameter Parameter(Tensor data, bool requires_grad = true) => new(data, requires_grad);
    }
}
