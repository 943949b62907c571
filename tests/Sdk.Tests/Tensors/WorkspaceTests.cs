using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Tensors;

[Trait("Category", "Tensors")]
public class WorkspaceTests
{
    [Fact]
    public void Same_name_and_shape_returns_the_same_buffer()
    {
        var ws = new Workspace();
        var a = ws.Get("h1", 64, 300);
        Assert.Same(a, ws.Get("h1", 64, 300));
        Assert.Equal(new long[] { 64, 300 }, a.shape);
        Assert.Equal(ScalarType.Float32, a.dtype);
    }

    [Fact]
    public void A_new_shape_replaces_the_buffer()
    {
        var ws = new Workspace(float64);
        var a = ws.Get("h1", 64, 300);
        var b = ws.Get("h1", 16, 300);      // the last, smaller mini-batch
        Assert.NotSame(a, b);
        Assert.Equal(ScalarType.Float64, b.dtype);
        Assert.Equal(1, ws.Count);
    }

    [Fact]
    public void Out_overloads_into_workspace_buffers_allocate_nothing_per_step()
    {
        var ws = new Workspace();
        var x = randn(64, 784, generator: new Generator(1));
        var w = randn(784, 300, generator: new Generator(2));
        var h = ws.Get("h", 64, 300);
        matmul(x, w, h);                   // warm up
        relu(h, h);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) { matmul(x, w, h); relu(h, h); }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 10 * 300 * 4, $"allocated {allocated} bytes over 10 steps; the buffers should have been reused");
    }
}
