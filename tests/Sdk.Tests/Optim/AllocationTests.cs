namespace Edu.Sdk.Tests.Optim;

public class AllocationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_steady_state_step_allocates_nothing(bool adam)
    {
        var w = torch.nn.Parameter(torch.randn(50, 30));
        var b = torch.nn.Parameter(torch.randn(30, dtype: torch.float64));
        w.grad = torch.randn(50, 30);
        b.grad = torch.randn(30, dtype: torch.float64);
        Edu.Sdk.Optim.Optimizer opt = adam ? torch.optim.Adam([w, b], amsgrad: true) : torch.optim.SGD([w, b], 0.1, momentum: 0.9, weight_decay: 0.1);
        for (int i = 0; i < 5; i++) opt.step();     // the state is allocated on the first step
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            opt.step();
            opt.zero_grad();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
