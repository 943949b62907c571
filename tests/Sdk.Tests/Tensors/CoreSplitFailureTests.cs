using System.Diagnostics;
using Edu.Sdk.Tensors;

namespace Edu.Sdk.Tests.Tensors;

/// <summary>
/// A job part that throws, on the calling thread or on a helper, surfaces from <see cref="CoreSplit.Run"/> and leaves
/// the pool ready for the next job (found by a review: a throw on the caller left a semaphore count behind, after which
/// Run returned while a helper was still writing).
/// </summary>
[Collection(ThreadsAloneCollection.Name)]
public class CoreSplitFailureTests
{
    /// <summary>Waits up to 5 s for a flag another thread sets.</summary>
    static void Await(Func<bool> flag)
    {
        long until = Stopwatch.GetTimestamp() + 5 * Stopwatch.Frequency;
        while (!flag() && Stopwatch.GetTimestamp() < until) Thread.SpinWait(10);
    }

    /// <summary>
    /// Two parts, one per thread (each waits for the other to enter, so neither takes both): the caller's throws; the
    /// helper's returns.
    /// </summary>
    sealed class ThrowOnCaller(int caller) : ISplitJob
    {
        volatile bool _helperIn, _callerIn;

        public void Run(int part)
        {
            if (Environment.CurrentManagedThreadId != caller)
            {
                _helperIn = true;
                Await(() => _callerIn);
                return;
            }
            _callerIn = true;
            Await(() => _helperIn);
            throw new InvalidOperationException("part failed");
        }
    }

    /// <summary>Two parts: the helper's sleeps 300 ms; the caller's returns once the helper has started.</summary>
    sealed class SlowHelperPart(int caller) : ISplitJob
    {
        public volatile bool HelperStarted, HelperDone;

        public void Run(int part)
        {
            if (Environment.CurrentManagedThreadId != caller)
            {
                HelperStarted = true;
                Thread.Sleep(300);
                HelperDone = true;
                return;
            }
            Await(() => HelperStarted);
        }
    }

    [Fact]
    public void After_a_part_throws_on_the_caller_Run_still_waits_for_the_helpers_part()
    {
        if (CoreSplit.Width < 2) return;
        int me = Environment.CurrentManagedThreadId;
        Assert.Throws<InvalidOperationException>(() => CoreSplit.Run(new ThrowOnCaller(me), 2));
        Thread.Sleep(200);   // the helper has long finished the failed job's other part

        var job = new SlowHelperPart(me);
        CoreSplit.Run(job, 2);
        Assert.True(job.HelperStarted, "the helper never ran a part");
        Assert.True(job.HelperDone, "Run returned while the helper was still running its part");
    }

    /// <summary>The helper's first part sleeps; the caller's part throws while it does.</summary>
    sealed class ThrowWhileHelperSleeps(int caller) : ISplitJob
    {
        volatile bool _helperIn;
        int _slept;

        public void Run(int part)
        {
            if (Environment.CurrentManagedThreadId != caller)
            {
                _helperIn = true;
                if (Interlocked.Exchange(ref _slept, 1) == 0) Thread.Sleep(150);
                return;
            }
            Await(() => _helperIn);
            throw new InvalidOperationException("part failed");
        }
    }

    sealed class SlowCounting(int parts) : ISplitJob
    {
        public readonly int[] Runs = new int[parts];

        public void Run(int part)
        {
            Interlocked.Increment(ref Runs[part]);
            Thread.Sleep(30);
        }
    }

    [Fact]
    public void A_job_started_right_after_a_part_threw_runs_every_part_exactly_once()
    {
        if (CoreSplit.Width < 2) return;
        int me = Environment.CurrentManagedThreadId;
        Assert.Throws<InvalidOperationException>(() => CoreSplit.Run(new ThrowWhileHelperSleeps(me), 2));
        // At once, as a caller that catches and goes on would: the helper may still be inside the failed job's part.
        var job = new SlowCounting(10);
        CoreSplit.Run(job, job.Runs.Length);
        Assert.Equal(Enumerable.Repeat(1, job.Runs.Length), job.Runs);
    }

    /// <summary>Two parts: the helper's throws; the caller's waits until the helper has taken its part.</summary>
    sealed class ThrowOnHelper(int caller) : ISplitJob
    {
        volatile bool _helperIn;

        public void Run(int part)
        {
            if (Environment.CurrentManagedThreadId == caller) { Await(() => _helperIn); return; }
            _helperIn = true;
            throw new ArgumentException("helper part failed");
        }
    }

    [Fact]
    public void A_part_that_throws_on_a_helper_is_rethrown_by_Run_and_the_pool_goes_on()
    {
        if (CoreSplit.Width < 2) return;
        int me = Environment.CurrentManagedThreadId;
        var e = Assert.Throws<ArgumentException>(() => CoreSplit.Run(new ThrowOnHelper(me), 2));
        Assert.Equal("helper part failed", e.Message);
        var job = new SlowCounting(6);
        CoreSplit.Run(job, job.Runs.Length);
        Assert.Equal(Enumerable.Repeat(1, job.Runs.Length), job.Runs);
    }
}
