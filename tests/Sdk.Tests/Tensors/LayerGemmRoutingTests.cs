using Edu.Sdk.Tensors;

namespace Edu.Sdk.Tests.Tensors;

/// <summary>
/// Where a generated layer's product runs (<see cref="Gemm.SgemmForLayer"/>): the managed kernel, except while
/// OpenBLAS's worker may still be spinning from a recent product, when it stays with OpenBLAS.
/// </summary>
[Collection(ThreadsAloneCollection.Name)]
public class LayerGemmRoutingTests
{
    [Fact]
    public void A_layer_product_stays_on_OpenBLAS_right_after_an_OpenBLAS_product_and_moves_to_managed_later()
    {
        if (Gemm.LayerBackend != "managed" || Gemm.Backend != "openblas") return;   // nothing to choose between
        var a = new float[64 * 300];
        var b = new float[300 * 300];
        var c = new float[64 * 300];
        Gemm.Sgemm(false, false, 64, 300, 300, 1f, a, 300, b, 300, 0f, c, 300);   // the facade: OpenBLAS
        Assert.False(Gemm.LayerProductOnManaged(false, false, 64, 300, 300), "a layer product went to the managed kernel while OpenBLAS's worker spins");
        Thread.Sleep(Gemm.OpenBlas.WorkerSpinMilliseconds + 100);
        Assert.True(Gemm.LayerProductOnManaged(false, false, 64, 300, 300), "a layer product stayed on OpenBLAS long after its last product");
        // Classifier products (at most 16 columns) take the skinny kernel, which is neither.
        Assert.False(Gemm.LayerProductOnManaged(false, false, 64, 10, 300));
    }
}
