using Edu.Sdk.Tensors;

namespace Edu.Sdk.Tests.Tensors;

/// <summary>
/// The tests that watch the SDK's threads and OpenBLAS's: alone, since other tests' products would keep them busy or
/// awake.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadsAloneCollection
{
    public const string Name = "Threads, alone";
}

/// <summary>The SDK's own two-thread pool: every part runs once, and a helper stays awake a while after a job.</summary>
[Collection(ThreadsAloneCollection.Name)]
public class CoreSplitTests
{
    sealed class CountingJob(int parts) : ISplitJob
    {
        public readonly int[] Runs = new int[parts];
        public readonly HashSet<int> Threads = [];

        public void Run(int part)
        {
            Interlocked.Increment(ref Runs[part]);
            lock (Threads) Threads.Add(Environment.CurrentManagedThreadId);
        }
    }

    [Fact]
    public void Jobs_back_to_back_run_every_part_exactly_once()
    {
        // Back to back, most jobs start while the helper is still spinning for the previous one, some after it blocked.
        for (int i = 0; i < 2000; i++)
        {
            var job = new CountingJob(1 + i % 5);
            CoreSplit.Run(job, job.Runs.Length);
            Assert.All(job.Runs, r => Assert.Equal(1, r));
            if (i % 100 == 99) Thread.Sleep(1);
        }
    }

    [Fact]
    public void Jobs_after_gaps_around_the_helpers_look_run_every_part_exactly_once()
    {
        // Gaps from 0 to twice the look: jobs are published while the helper polls, as it gives up, as it announces
        // that it blocks, and after it blocked, so every side of the handover's races is taken many times.
        var random = new Random(5);
        long look = CoreSplit.AwakeTicks;
        for (int i = 0; i < 3000; i++)
        {
            long until = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(random.NextDouble() * 2 * look);
            while (System.Diagnostics.Stopwatch.GetTimestamp() < until) Thread.SpinWait(1);
            var job = new CountingJob(2 + i % 3);
            CoreSplit.Run(job, job.Runs.Length);
            Assert.All(job.Runs, r => Assert.Equal(1, r));
        }
    }

    [Fact]
    public void A_helper_is_awake_right_after_a_job_and_asleep_a_while_later()
    {
        if (CoreSplit.Width < 2) return;   // one core: no helper to wake
        // Other test processes may take this thread's core for longer than a helper's 0.2 ms look: watch a longer one.
        WithLongLook(() =>
        {
            WakeHelper();
            Assert.True(CoreSplit.HelpersAwake, "no helper looked for work right after the job");
        });
        Assert.True(Within(TimeSpan.FromSeconds(5), () => !CoreSplit.HelpersAwake), "a helper was still spinning long after its look");
    }

    /// <summary>
    /// Runs a two-part job in which the calling thread waits until a helper has run a part (for 2 s at most), so a
    /// helper has just finished a part when Run returns and is looking for the next job. On a loaded machine a woken
    /// thread may take longer to run than that look lasts, which is why the job waits for it. Nothing to wake on one core.
    /// </summary>
    internal static void WakeHelper()
    {
        if (CoreSplit.Width < 2) return;
        s_rendezvous.Reset(Environment.CurrentManagedThreadId);
        CoreSplit.Run(s_rendezvous, 2);
    }

    /// <summary>Runs <paramref name="action"/> with helpers that look for work for half a second instead of 0.2 ms.</summary>
    internal static void WithLongLook(Action action)
    {
        long usual = CoreSplit.AwakeTicks;
        CoreSplit.AwakeTicks = System.Diagnostics.Stopwatch.Frequency / 2;
        try { action(); }
        finally { CoreSplit.AwakeTicks = usual; }
    }

    static readonly Rendezvous s_rendezvous = new();

    sealed class Rendezvous : ISplitJob
    {
        volatile bool _helperRan;
        int _caller;

        public void Reset(int caller)
        {
            _caller = caller;
            _helperRan = false;
        }

        public void Run(int part)
        {
            // Told apart by thread, not by part: either thread may take either part.
            if (Environment.CurrentManagedThreadId != _caller) { _helperRan = true; return; }
            // Timestamps, not a Stopwatch object: this runs inside a test that counts allocations.
            long until = System.Diagnostics.Stopwatch.GetTimestamp() + 2 * System.Diagnostics.Stopwatch.Frequency;
            while (!_helperRan && System.Diagnostics.Stopwatch.GetTimestamp() < until) Thread.SpinWait(10);
        }
    }

    /// <summary>Polls without sleeping, true as soon as the condition holds; the timeout only bounds a failing run.</summary>
    static bool Within(TimeSpan timeout, Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) return false;
            Thread.SpinWait(10);
        }
        return true;
    }
}
