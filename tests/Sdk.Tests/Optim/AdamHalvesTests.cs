using System.Numerics;
using Edu.Sdk.Optim;
using Edu.Sdk.Tensors;

namespace Edu.Sdk.Tests.Optim;

/// <summary>Adam's update split over two cores (<see cref="AdamHalves{T}"/>) against the one-core kernel.</summary>
[Collection(Tensors.ThreadsAloneCollection.Name)]
public class AdamHalvesTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(64, 64)]
    [InlineData(100, 64)]
    [InlineData(128, 64)]
    [InlineData(129, 64)]
    [InlineData(40_001, 20_032)]
    public void The_first_half_ends_on_a_64_element_boundary_near_the_middle(int n, int half) =>
        Assert.Equal(half, AdamHalves<float>.Half(n));

    public static TheoryData<bool, double, bool, int> Cases() => new()
    {
        { true, 0.0, false, 40_001 },
        { true, 0.01, true, AdamHalves<float>.MinElements },
        { false, 0.0, true, 40_007 },
        { false, 0.01, false, 65_536 },
    };

    /// <summary>
    /// Five steps in two parts on both cores leave the parameter and both moments bit for bit as five one-core steps
    /// do: every element is updated once, by the same arithmetic. With two cores, the helper runs at least one part.
    /// </summary>
    [Theory, MemberData(nameof(Cases))]
    public void Two_cores_give_the_one_core_update_bit_for_bit(bool float32, double weightDecay, bool amsgrad, int n)
    {
        if (float32) Compare<float>(weightDecay, amsgrad, n);
        else Compare<double>(weightDecay, amsgrad, n);
    }

    static void Compare<T>(double weightDecay, bool amsgrad, int n) where T : unmanaged, IFloatingPointIeee754<T> =>
        Tensors.CoreSplitTests.WithLongLook(() => CompareAwake<T>(weightDecay, amsgrad, n));

    static void CompareAwake<T>(double weightDecay, bool amsgrad, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long updatePartsOnHelper = 0;
        var dtype = typeof(T) == typeof(float) ? torch.float32 : torch.float64;
        var gen = new torch.Generator(7);
        var p = torch.randn([n], dtype: dtype, generator: gen);
        var (m, v, vMax) = (torch.zeros_like(p), torch.zeros_like(p), amsgrad ? torch.zeros_like(p) : null);
        var (p1, m1, v1, vMax1) = (p.clone(), m.clone(), v.clone(), vMax?.clone());
        var halves = new AdamHalves<T>();
        // Five steps at least, and more (compared alike) until the helper has run a part: the machine may take its core
        // away for a while, and then the caller takes both parts, which is right but leaves the split unseen.
        const int MaxSteps = 500;
        for (int t = 1; t <= 5 || (t <= MaxSteps && CoreSplit.Width > 1 && updatePartsOnHelper == 0); t++)
        {
            // A gradient whose size varies over orders of magnitude, so that v falls below v_max somewhere.
            var g = torch.randn([n], dtype: dtype, generator: gen) * (t == 2 ? 0.01 : 1.0);
            var s = new AdamScalars<T>(0.9, 0.6, weightDecay, 0.01, 1e-8, t);
            WakeHelpers();
            long before = CoreSplit.PartsOnHelpers;
            halves.UpdateOnBothCores(p, g, m, v, vMax, s);
            updatePartsOnHelper += CoreSplit.PartsOnHelpers - before;
            AdamKernel.Update(p1.Span<T>(), g.Span<T>(), m1.Span<T>(), v1.Span<T>(), vMax1 is null ? default : vMax1.Span<T>(), s);
        }
        Assert.Equal(p1.Span<T>().ToArray(), p.Span<T>().ToArray());
        Assert.Equal(m1.Span<T>().ToArray(), m.Span<T>().ToArray());
        Assert.Equal(v1.Span<T>().ToArray(), v.Span<T>().ToArray());
        if (amsgrad) Assert.Equal(vMax1!.Span<T>().ToArray(), vMax!.Span<T>().ToArray());
        if (CoreSplit.Width > 1) Assert.True(updatePartsOnHelper > 0, $"the helper ran no part of {MaxSteps} updates");
    }

    [Fact]
    public void A_steady_state_Adam_step_on_two_cores_allocates_nothing() => Tensors.CoreSplitTests.WithLongLook(() =>
    {
        var w = torch.nn.Parameter(torch.randn(200, 200));
        w.grad = torch.randn(200, 200);
        var opt = torch.optim.Adam([w], amsgrad: true);
        for (int i = 0; i < 3; i++) { WakeHelpers(); opt.step(); }
        long before = GC.GetAllocatedBytesForCurrentThread(), helperParts = CoreSplit.PartsOnHelpers;
        // 20 steps, and more until one ran on both cores (each wake-up job gives the helper one part; a step split over
        // the cores gives it more), as the machine may keep the helper off its core for a while.
        int steps = 0;
        while (steps < 20 || (steps < 500 && CoreSplit.Width > 1 && CoreSplit.PartsOnHelpers - helperParts <= steps))
        {
            WakeHelpers();
            opt.step();
            steps++;
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        if (CoreSplit.Width > 1) Assert.True(CoreSplit.PartsOnHelpers - helperParts > steps, $"no step of {steps} was split over the cores");
    });

    static void WakeHelpers() => Tensors.CoreSplitTests.WakeHelper();
}
