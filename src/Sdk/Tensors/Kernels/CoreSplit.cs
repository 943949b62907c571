using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

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
/// The handover to an awake helper takes no lock. The caller gives each helper it needs the job's generation number
/// in the helper's own slot, which the helper polls; each of them checks in once per job by counting down
/// <c>s_pending</c>, which the caller polls.
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
    // One slot and one wake-up semaphore per helper: with a shared semaphore, a helper blocking again after its job
    // could take the release meant for another, which would then never check in (found by a review, 3+ cores).
    // Semaphores rather than ManualResetEventSlim: the latter allocates its lock the first time a thread blocks,
    // inside what may be a training step measured to allocate nothing.
    static readonly HelperSlot[] s_slots = new HelperSlot[s_helpers];
    static readonly SemaphoreSlim[] s_wake = Enumerable.Range(0, s_helpers).Select(_ => new SemaphoreSlim(0)).ToArray();
    static readonly SemaphoreSlim s_done = new(0);
    static ISplitJob? s_job;
    static ExceptionDispatchInfo? s_helperError;
    static int s_generation, s_parts, s_next, s_pending, s_busy, s_started, s_awake, s_callerBlocked;
    static long s_partsOnHelpers;

    /// <summary>
    /// A helper's mailbox, on a cache line of its own: the generation of the last job it was given, and whether it
    /// has announced that it blocks.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    struct HelperSlot
    {
        [FieldOffset(0)] public int Job;
        [FieldOffset(4)] public int Asleep;
    }

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
            // Only as many helpers as there are parts besides the caller's take part, and only they must check in.
            int helpers = Math.Min(s_helpers, parts - 1);
            s_pending = helpers;
            int generation = Interlocked.Increment(ref s_generation);
            for (int i = 0; i < helpers; i++)
            {
                Interlocked.Exchange(ref s_slots[i].Job, generation);   // publishes the fields above to helper i
                if (Volatile.Read(ref s_slots[i].Asleep) != 0) s_wake[i].Release();
            }
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

    static void EnsureStarted()
    {
        // A plain read first: the interlocked write would take the cache line on every job.
        if (Volatile.Read(ref s_started) == 0 && Interlocked.Exchange(ref s_started, 1) == 0) StartHelpers();
    }

    // Apart from EnsureStarted: a lambda's closure is allocated on entry to the method that declares what it
    // captures, and EnsureStarted runs on every job.
    static void StartHelpers()
    {
        for (int i = 0; i < s_helpers; i++)
        {
            int index = i;
            new Thread(() => Helper(index)) { IsBackground = true, Name = $"Edu.Sdk core {i + 1}" }.Start();
        }
    }

    static void Helper(int index)
    {
        int served = 0;   // slots start at 0, and the first job's generation is 1
        Interlocked.Increment(ref s_awake);
        while (true)
        {
            served = AwaitJob(index, served);
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
    /// Waits until helper <paramref name="index"/> is given a job after <paramref name="served"/> and returns its
    /// generation: polling for <see cref="AwakeTicks"/>, then blocked. Entered counted in <c>s_awake</c>, left uncounted.
    /// </summary>
    static int AwaitJob(int index, int served)
    {
        ref var slot = ref s_slots[index];
        long until = Stopwatch.GetTimestamp() + AwakeTicks;
        int job;
        while ((job = Volatile.Read(ref slot.Job)) == served && Stopwatch.GetTimestamp() < until) Thread.SpinWait(1);
        Interlocked.Decrement(ref s_awake);
        while (job == served)
        {
            Interlocked.Exchange(ref slot.Asleep, 1);
            job = Volatile.Read(ref slot.Job);
            if (job == served) s_wake[index].Wait();
            Volatile.Write(ref slot.Asleep, 0);
            job = Volatile.Read(ref slot.Job);
        }
        return job;
    }

    /// <summary>The pool's counters, for a test's failure message.</summary>
    internal static string State() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"helpers={s_helpers} generation={Volatile.Read(ref s_generation)} pending={Volatile.Read(ref s_pending)} " +
        $"asleep={HelpersAsleep} awake={Volatile.Read(ref s_awake)} callerBlocked={Volatile.Read(ref s_callerBlocked)} " +
        $"busy={Volatile.Read(ref s_busy)} done.CurrentCount={s_done.CurrentCount}");

    /// <summary>Helpers that have announced they block, waiting for a job.</summary>
    internal static int HelpersAsleep
    {
        get
        {
            int n = 0;
            for (int i = 0; i < s_helpers; i++) n += Volatile.Read(ref s_slots[i].Asleep);
            return n;
        }
    }

    /// <summary>Helpers yet to check in for the current job, for tests: 0 between jobs.</summary>
    internal static int PendingCheckIns => Volatile.Read(ref s_pending);

    /// <summary>Whether a Run holds the helpers, for tests: false between jobs.</summary>
    internal static bool Busy => Volatile.Read(ref s_busy) != 0;

    /// <summary>Whether a caller announced it blocks, for tests: false between jobs.</summary>
    internal static bool CallerBlocked => Volatile.Read(ref s_callerBlocked) != 0;

    /// <summary>Polling helpers, for tests (<see cref="HelpersAwake"/> is whether there is any).</summary>
    internal static int AwakeCount => Volatile.Read(ref s_awake);
}
