using System.Diagnostics;
using Edu.Sdk.Tensors;

namespace Edu.Sdk.Tests.Tensors;

/// <summary>
/// A Thread.Interrupt of a caller blocked for its parts (found by a review): Run waited no more and returned while a
/// helper still ran a part, whose end was then counted in the next job.
/// </summary>
[Collection(ThreadsAloneCollection.Name)]
public class CoreSplitInterruptTests
{
    static void Await(Func<bool> flag, double seconds = 5)
    {
        long until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (!flag() && Stopwatch.GetTimestamp() < until) Thread.SpinWait(10);
    }

    /// <summary>Two parts: the helper's sleeps; the caller's returns once the helper has started its part.</summary>
    sealed class SlowHelperPart(int caller, int sleepMs) : ISplitJob
    {
        public volatile bool HelperStarted, HelperDone;

        public void Run(int part)
        {
            if (Environment.CurrentManagedThreadId != caller)
            {
                HelperStarted = true;
                Thread.Sleep(sleepMs);
                HelperDone = true;
                return;
            }
            Await(() => HelperStarted);
        }
    }

    /// <summary>Runs a job the helper sleeps in and interrupts the caller once it waits in AwaitParts.</summary>
    static (SlowHelperPart Job, bool DoneAtReturn) RunInterrupted(int helperMs)
    {
        var caller = Thread.CurrentThread;
        var job = new SlowHelperPart(Environment.CurrentManagedThreadId, helperMs);
        var interrupter = new Thread(() =>
        {
            Await(() => job.HelperStarted);
            Thread.Sleep(30);   // the caller's part has returned and it blocks on s_done
            caller.Interrupt();
        }) { IsBackground = true };
        interrupter.Start();
        try { CoreSplit.Run(job, 2); }
        catch (ThreadInterruptedException) { }
        bool doneAtReturn = job.HelperDone;
        // A Run that waits on through the interrupt may leave it pending for this thread's next block: take it here.
        while (true)
        {
            try { interrupter.Join(); break; }
            catch (ThreadInterruptedException) { }
        }
        try { Thread.Sleep(1); }
        catch (ThreadInterruptedException) { }
        return (job, doneAtReturn);
    }

    /// <summary>Leaves the pool as a test found it: no part running, s_callerBlocked reset by a job whose caller blocks.</summary>
    static void Settle(params SlowHelperPart[] jobs)
    {
        foreach (var job in jobs) Await(() => !job.HelperStarted || job.HelperDone);
        Thread.Sleep(20);
        CoreSplit.Run(new SlowHelperPart(Environment.CurrentManagedThreadId, 5), 2);
    }

    /// <summary>
    /// AwaitParts blocks on s_done.Wait() inside Run's finally. A Thread.Interrupt of the caller (or one left pending
    /// from earlier) makes Wait throw, and Run leaves while a helper still runs a part: s_busy is released, s_job and
    /// s_callerBlocked are left set. The caller may free or reuse what the part writes (ManagedGemm's pinned buffers).
    /// </summary>
    [Fact]
    public void An_interrupted_caller_does_not_leave_Run_while_a_helpers_part_runs()
    {
        if (CoreSplit.Width < 2) return;
        CoreSplitStressTests.WithDeadline(() =>
        {
            var (job, done) = RunInterrupted(300);
            bool started = job.HelperStarted;
            Settle(job);
            if (!started) return;   // the helper never came: nothing to check
            Assert.True(done, "Run left (ThreadInterruptedException) while the helper's part was still running");
        }, seconds: 30);
    }

    /// <summary>
    /// The consequence for the next job: the interrupted job's part ends during the next one and its Ended adds 1 to
    /// the next job's s_finished (reset to 0 by the next Run), so that job returns while its own helper part runs.
    /// </summary>
    [Fact]
    public void After_an_interrupted_Run_the_next_job_waits_for_its_own_helper_part()
    {
        if (CoreSplit.Width < 2) return;
        CoreSplitStressTests.WithDeadline(() =>
        {
            var (first, _) = RunInterrupted(300);
            if (!first.HelperStarted) return;
            var next = new SlowHelperPart(Environment.CurrentManagedThreadId, 150);
            CoreSplit.Run(next, 2);
            bool done = next.HelperDone, started = next.HelperStarted;
            Await(() => next.HelperDone);
            Thread.Sleep(20);
            string state = CoreSplit.State();   // finished=3 of 2: the first job's part was counted in this one
            Settle(first, next);
            if (!started) return;
            Assert.True(done, "Run returned while the helper's part of that job was still running: " + state);
        }, seconds: 30);
    }
}
