using static Edu.Sdk.Generators.Tests.CourseLayers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// A5's CNN trains without garbage once warm, like the MLPs: its convolutions, poolings and their backwards run into the
/// workspace's buffers. Before, every step allocated (the pooling windows, the kernels' closures, Parallel.For).
/// </summary>
public class CnnAllocationTests
{
    /// <summary>Batch 4 runs the kernels on one thread; batch 64 (28x28 images) is large enough to split over the cores.</summary>
    [Theory]
    [InlineData(4, "sgd")]
    [InlineData(64, "sgd")]
    [InlineData(64, "adam")]
    public void A_steady_CNN_step_allocates_nothing(int batch, string optimizer)
    {
        manual_seed(21);
        var model = New("Cnn", 10);
        var step = Loop("CnnSteps", model, randn(batch, 1, 28, 28), randint(0, 10, [batch]), Make(optimizer, model.parameters()));
        for (int i = 0; i < 20; i++) step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"10 CNN steps at batch {batch} with {optimizer} allocated {allocated} bytes");
    }
}
