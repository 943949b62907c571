using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Edu.Sdk.Tensors;

/// <summary>Work cut into parts that may run on different cores; each part touches its own output.</summary>
internal interface ISplitJob
{
    void Run(int part);
}

/// <summary>
/// Runs a job's parts on the calling thread and on long-lived helper threads (one per extra core). Unlike
/// <c>Parallel.For</c> it allocates nothing per call, which keeps steady-state training allocation-free. When another
/// thread is already using the helpers (two models trained at once), the caller simply runs every part itself.
/// </summary>
/// <remarks>
/// After a job a helper keeps looking for the next one for <see cref="AwakeMicroseconds"/> before it blocks. The
/// products of a training step and the optimizer's update follow each other within microseconds, and waking a
/// blocked thread costs 30-100 µs on this course's machines, as much as splitting a 200 µs update saves. Work too
/// short to pay for a wake-up asks <see cref="HelpersAwake"/> and splits only when a helper is already looking.
/// The helper spins for 0.2 ms at most. OpenBLAS's worker spins for about 0.1 s after each of its products.
/// </remarks>
internal static class CoreSplit
{
    /// <summary>How long a helper looks for the next job before it blocks: longer than the gap between a step's parts.</summary>
    internal const int AwakeMicroseconds = 200;

    /// <summary>The look's length in <see cref="Stopwatch"/> ticks; tests lengthen it to watch a helper on a loaded machine.</summary>
    internal static long AwakeTicks { get; set; } = Stopwatch.Frequency * AwakeMicroseconds / 1_000_000;
    static readonly int s_helpers = Math.Max(0, Environment.ProcessorCount - 1);
    static readonly SemaphoreSlim s_start = new(0);
    // A semaphore rather than a ManualResetEventSlim: the latter allocates its lock the first time a caller blocks,
    // inside what may be a training step measured to allocate nothing.
    static readonly SemaphoreSlim s_done = new(0);
    static ISplitJob? s_job;
    static int s_parts, s_next, s_pending, s_busy, s_started, s_awake;

    /// <summary>How many parts can run at once: the core count.</summary>
    public static int Width => s_helpers + 1;

    /// <summary>True while a helper is looking for work after a job, so that a new job starts at once on it.</summary>
    public static bool HelpersAwake => Volatile.Read(ref s_awake) > 0;

    /// <summary>Parts the helpers have run since the process started: lets tests see that a job really was split.</summary>
    internal static long PartsOnHelpers => Volatile.Read(ref s_partsOnHelpers);

    static long s_partsOnHelpers;
    static ExceptionDispatchInfo? s_helperError;

    /// <summary>
    /// Runs parts 0 to <paramref name="parts"/> − 1 of <paramref name="job"/>, each once, and returns when all are done.
    /// A part that throws (on any thread) stops the parts not yet started, and Run rethrows its exception once the
    /// parts already running have ended, so the helpers are ready for the next job.
    /// </summary>
    public static void Run(ISplitJob job, int parts)
    {
        if (parts <= 1 || s_helpers == 0 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            for (int p = 0; p < parts; p++) job.Run(p);
            return;
        }
        try
        {
            EnsureStarted();
            s_job = job;
            s_parts = parts;
            s_next = 0;
            s_helperError = null;
            int helpers = Math.Min(s_helpers, parts - 1);
            s_pending = helpers;
            s_start.Release(helpers);
            try { Drain(); }
            catch
            {
                StopParts();
                throw;
            }
            finally
            {
                AwaitHelpers();
                s_job = null;
            }
            s_helperError?.Throw();
        }
        finally { Volatile.Write(ref s_busy, 0); }
    }

    /// <summary>
    /// Waits for the helpers' last parts. They end within microseconds of the caller's own, so the caller spins
    /// (for <see cref="AwakeMicroseconds"/> at most) rather than block at once: being woken would cost it 30-100 µs.
    /// </summary>
    static void AwaitHelpers()
    {
        long until = Stopwatch.GetTimestamp() + AwakeTicks;
        while (Volatile.Read(ref s_pending) > 0 && Stopwatch.GetTimestamp() < until) Thread.SpinWait(20);
        s_done.Wait();   // released once per job, by the helper that finishes last
    }

    /// <summary>Takes parts until none is left (callers and helpers alike, so an uneven part does not stall the rest).</summary>
    static void Drain(bool onHelper = false)
    {
        var job = s_job!;
        int p;
        while ((p = Interlocked.Increment(ref s_next) - 1) < s_parts)
        {
            job.Run(p);
            if (onHelper) Interlocked.Increment(ref s_partsOnHelpers);
        }
    }

    /// <summary>After a part threw: no thread starts another part of the job.</summary>
    static void StopParts() => Volatile.Write(ref s_next, s_parts);

    static void EnsureStarted()
    {
        if (Interlocked.Exchange(ref s_started, 1) == 1) return;
        for (int i = 0; i < s_helpers; i++)
            new Thread(Helper) { IsBackground = true, Name = $"Edu.Sdk core {i + 1}" }.Start();
    }

    static void Helper()
    {
        s_start.Wait();
        while (true)
        {
            try { Drain(onHelper: true); }
            catch (Exception e)
            {
                // Thrown on the caller by Run: an exception escaping a background thread would end the process.
                Interlocked.CompareExchange(ref s_helperError, ExceptionDispatchInfo.Capture(e), null);
                StopParts();
            }
            // Counted awake before the caller can learn that the job is done, so HelpersAwake holds when Run returns.
            Interlocked.Increment(ref s_awake);
            if (Interlocked.Decrement(ref s_pending) == 0) s_done.Release();
            if (!TakeStartWhileAwake()) s_start.Wait();
        }
    }

    /// <summary>
    /// Polls for a start signal for <see cref="AwakeMicroseconds"/>; false when none came and the helper should block.
    /// Entered counted in <c>s_awake</c>, left uncounted.
    /// </summary>
    static bool TakeStartWhileAwake()
    {
        long until = Stopwatch.GetTimestamp() + AwakeTicks;
        try
        {
            do
            {
                // CurrentCount is a plain read; Wait(0) takes the semaphore's lock, so only try it when a start is there.
                if (s_start.CurrentCount > 0 && s_start.Wait(0)) return true;
                Thread.SpinWait(20);
            }
            while (Stopwatch.GetTimestamp() < until);
            return false;
        }
        finally { Interlocked.Decrement(ref s_awake); }
    }
}
