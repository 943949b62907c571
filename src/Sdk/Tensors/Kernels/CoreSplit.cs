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
/// <para>
/// After a job a helper keeps looking for the next one for <see cref="AwakeMicroseconds"/> before it blocks. The
/// products of a training step and the optimizer's update follow each other within microseconds, and waking a
/// blocked thread costs 30-100 µs on this course's machines, as much as splitting a 200 µs update saves. Work too
/// short to pay for a wake-up asks <see cref="HelpersAwake"/> and splits only when a helper is already looking.
/// The helper spins for 0.2 ms at most. OpenBLAS's worker spins for about 0.1 s after each of its products.
/// </para>
/// <para>
/// The handover to an awake helper takes no lock. The caller publishes a job by advancing a generation number, which
/// the helper polls; each helper checks in once per job by counting down <c>s_pending</c>, which the caller polls.
/// Semaphores are used only to block: by a helper that stopped looking, and by a caller whose helpers are slow to
/// check in. Each side announces that it blocks with an interlocked write, then reads the other side's counter
/// again. Both are full fences, so either the blocked side sees the new value or the other side sees the
/// announcement and releases it. A release nobody waited for stays in the semaphore. Both sides therefore treat a
/// wake-up as a hint and check their counter again. An empty 2-part job took 1.5-6 µs with semaphores on both
/// sides, and takes less with this handover.
/// </para>
/// </remarks>
internal static class CoreSplit
{
    /// <summary>How long a helper looks for the next job before it blocks: longer than the gap between a step's parts.</summary>
    internal const int AwakeMicroseconds = 200;

    /// <summary>The look's length in <see cref="Stopwatch"/> ticks; tests lengthen it to watch a helper on a loaded machine.</summary>
    internal static long AwakeTicks { get; set; } = Stopwatch.Frequency * AwakeMicroseconds / 1_000_000;

    static readonly int s_helpers = Math.Max(0, Environment.ProcessorCount - 1);
    // Semaphores rather than ManualResetEventSlim: the latter allocates its lock the first time a thread blocks,
    // inside what may be a training step measured to allocate nothing.
    static readonly SemaphoreSlim s_wake = new(0), s_done = new(0);
    static ISplitJob? s_job;
    static ExceptionDispatchInfo? s_helperError;
    static int s_generation, s_parts, s_next, s_pending, s_busy, s_started, s_awake, s_sleeping, s_callerBlocked;
    static long s_partsOnHelpers;

    /// <summary>How many parts can run at once: the core count.</summary>
    public static int Width => s_helpers + 1;

    /// <summary>True while a helper is looking for work after a job, so that a new job starts at once on it.</summary>
    public static bool HelpersAwake => Volatile.Read(ref s_awake) > 0;

    /// <summary>Parts the helpers have run since the process started: lets tests see that a job really was split.</summary>
    internal static long PartsOnHelpers => Volatile.Read(ref s_partsOnHelpers);

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
            s_pending = s_helpers;
            Interlocked.Increment(ref s_generation);   // publishes the fields above
            int sleeping = Volatile.Read(ref s_sleeping);
            if (sleeping > 0) s_wake.Release(sleeping);
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
    /// Waits until every helper has checked in. Their parts end within microseconds of the caller's own, so the caller
    /// spins (for <see cref="AwakeMicroseconds"/> at most) rather than block at once: being woken would cost it 30-100 µs.
    /// </summary>
    static void AwaitHelpers()
    {
        long until = Stopwatch.GetTimestamp() + AwakeTicks;
        while (Volatile.Read(ref s_pending) > 0)
        {
            if (Stopwatch.GetTimestamp() < until) { Thread.SpinWait(1); continue; }
            Interlocked.Exchange(ref s_callerBlocked, 1);
            while (Volatile.Read(ref s_pending) > 0) s_done.Wait();
            Volatile.Write(ref s_callerBlocked, 0);
        }
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

    /// <summary>Starts the helpers before the first job is published, so each one waits for the generation after this one.</summary>
    static void EnsureStarted()
    {
        if (Interlocked.Exchange(ref s_started, 1) == 0) StartHelpers(Volatile.Read(ref s_generation));
    }

    // Apart from EnsureStarted: the lambda's closure is allocated on entry to the method that declares what it
    // captures, and EnsureStarted runs on every job.
    static void StartHelpers(int current)
    {
        for (int i = 0; i < s_helpers; i++)
            new Thread(() => Helper(current)) { IsBackground = true, Name = $"Edu.Sdk core {i + 1}" }.Start();
    }

    static void Helper(int served)
    {
        Interlocked.Increment(ref s_awake);
        while (true)
        {
            served = AwaitJob(served);
            try { Drain(onHelper: true); }
            catch (Exception e)
            {
                // Thrown on the caller by Run: an exception escaping a background thread would end the process.
                Interlocked.CompareExchange(ref s_helperError, ExceptionDispatchInfo.Capture(e), null);
                StopParts();
            }
            // Counted awake before checking in, so HelpersAwake holds when Run returns.
            Interlocked.Increment(ref s_awake);
            if (Interlocked.Decrement(ref s_pending) == 0 && Volatile.Read(ref s_callerBlocked) != 0) s_done.Release();
        }
    }

    /// <summary>
    /// Waits for a generation after <paramref name="served"/> and returns it: polling for <see cref="AwakeTicks"/>,
    /// then blocked. Entered counted in <c>s_awake</c>, left uncounted.
    /// </summary>
    static int AwaitJob(int served)
    {
        long until = Stopwatch.GetTimestamp() + AwakeTicks;
        int g;
        while ((g = Volatile.Read(ref s_generation)) == served && Stopwatch.GetTimestamp() < until) Thread.SpinWait(1);
        Interlocked.Decrement(ref s_awake);
        while (g == served)
        {
            Interlocked.Increment(ref s_sleeping);
            g = Volatile.Read(ref s_generation);
            if (g == served) s_wake.Wait();
            Interlocked.Decrement(ref s_sleeping);
            g = Volatile.Read(ref s_generation);
        }
        return g;
    }
}
