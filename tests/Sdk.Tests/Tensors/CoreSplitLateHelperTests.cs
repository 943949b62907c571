using Edu.Sdk.Tensors;

namespace Edu.Sdk.Tests.Tensors;

/// <summary>
/// A helper that does not run (the machine's other programs have its core) does not hold a job up: the caller takes
/// every part itself and returns. Before, the caller waited for every helper it had enlisted to check in, and a
/// generated MLP trained 1.8x slower than on one thread on a busy machine.
/// </summary>
[Collection(ThreadsAloneCollection.Name)]
public class CoreSplitLateHelperTests
{
    sealed class ThreadsOfParts(int parts) : ISplitJob
    {
        public readonly int[] Threads = new int[parts];
        public readonly int[] Runs = new int[parts];

        public void Run(int part)
        {
            Interlocked.Increment(ref Runs[part]);
            Threads[part] = Environment.CurrentManagedThreadId;
        }
    }

    [Fact]
    public void Jobs_whose_helpers_are_held_run_every_part_on_the_caller_and_return()
    {
        if (CoreSplit.Width < 2) return;
        CoreSplit.HelpersHeld = true;
        try
        {
            // Held for the whole test, the helpers never take a part: with a wait for them, the first job would hang.
            CoreSplitStressTests.WithDeadline(() =>
            {
                int me = Environment.CurrentManagedThreadId;
                for (int i = 0; i < 300; i++)
                {
                    if (i % 100 == 0) Thread.Sleep(5);   // some jobs find the helpers blocked, most find them looking
                    var job = new ThreadsOfParts(2 + i % 4);
                    CoreSplit.Run(job, job.Runs.Length);
                    Assert.Equal(Enumerable.Repeat(1, job.Runs.Length), job.Runs);
                    Assert.Equal(Enumerable.Repeat(me, job.Runs.Length), job.Threads);
                }
            }, seconds: 30);
        }
        finally { CoreSplit.HelpersHeld = false; }
    }

    [Fact]
    public void Helpers_released_after_missing_jobs_take_parts_of_the_next_ones()
    {
        if (CoreSplit.Width < 2) return;
        CoreSplit.HelpersHeld = true;
        try
        {
            CoreSplitStressTests.WithDeadline(() =>
            {
                for (int i = 0; i < 50; i++) CoreSplit.Run(new ThreadsOfParts(3), 3);
            }, seconds: 30);
        }
        finally { CoreSplit.HelpersHeld = false; }
        long before = CoreSplit.PartsOnHelpers;
        CoreSplitTests.WithLongLook(CoreSplitTests.WakeHelper);
        Assert.True(CoreSplit.PartsOnHelpers > before, "no helper took a part after its hold: " + CoreSplit.State());
        Assert.Equal(0, CoreSplit.UnclaimedParts);
        Assert.False(CoreSplit.Busy);
    }
}
