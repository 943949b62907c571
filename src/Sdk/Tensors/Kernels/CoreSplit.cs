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
/// The handover takes no lock. The caller gives each helper it enlists the job's generation number in the helper's
/// own slot, which the helper polls. Every thread, the caller included, then takes parts from one 64-bit claim word
/// (generation, part count, next part) by compare-and-swap, and counts each part it ends in <c>s_finished</c>.
/// The caller waits for the parts, not for the helpers: on a machine whose other programs take a core away, a helper
/// may be enlisted and not run for milliseconds, and the caller then takes every part itself. A helper that comes
/// late finds a generation that has passed in the claim word and claims nothing; it cannot take a part of the next
/// job by mistake because the generation and the part count are compared with the part in one word.
/// </para>
/// <para>
/// Semaphores are used only to block: by a helper that stopped looking, and by a caller whose parts are slow to end.
/// Each side announces that it blocks with an interlocked write, then reads the other side's counter again. Both are
/// full fences, so either the blocked side sees the new value or the other side sees the announcement and releases
/// it. A release nobody waited for stays in the semaphore. Both sides therefore treat a wake-up as a hint and check
/// their counter again.
/// </para>
/// </remarks>
internal static class CoreSplit
{
    /// <summary>How long a helper looks for the next job before it blocks: longer than the gap between a step's parts.</summary>
    internal const int AwakeMicroseconds = 200;

    /// <summary>The most parts one job can have: the part count and the next part share half of the claim word.</summary>
    internal const int MaxParts = ushort.MaxValue;

    /// <summary>The look's length in <see cref="Stopwatch"/> ticks; tests lengthen it to watch a helper on a loaded machine.</summary>
    internal static long AwakeTicks { get; set; } = Stopwatch.Frequency * AwakeMicroseconds / 1_000_000;

    static readonly int s_helpers = Math.Max(0, Environment.ProcessorCount - 1);
    // One slot and one wake-up semaphore per helper: with a shared semaphore, a helper blocking again after its job
    // could take the release meant for another, which would then not come to its job (found by a review, 3+ cores;
    // a hang while the caller waited for every helper, a lost helper since it waits for the parts).
    // Semaphores rather than ManualResetEventSlim: the latter allocates its lock the first time a thread blocks,
    // inside what may be a training step measured to allocate nothing.
    static readonly HelperSlot[] s_slots = new HelperSlot[s_helpers];
    static readonly SemaphoreSlim[] s_wake = Enumerable.Range(0, s_helpers).Select(_ => new SemaphoreSlim(0)).ToArray();
    static readonly SemaphoreSlim s_done = new(0);
    static ISplitJob? s_job;
    static ExceptionDispatchInfo? s_helperError;
    static long s_claim;
    static int s_generation, s_finished, s_busy, s_started, s_awake, s_callerBlocked;
    static long s_partsOnHelpers;
    static volatile bool s_held;

    /// <summary>
    /// A helper's mailbox: the generation of the last job it was given, whether it has announced that it blocks, and
    /// the generation of the last job it came to (for tests). An array's elements are only 8-byte aligned, so the 12
    /// bytes in use sit in the middle of 128: whatever the alignment, no cache line holds another slot's fields.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    struct HelperSlot
    {
        [FieldOffset(64)] public int Given;
        [FieldOffset(68)] public int Asleep;
        [FieldOffset(72)] public int Served;
    }

    /// <summary>How many parts can run at once: the core count.</summary>
    public static int Width => s_helpers + 1;

    /// <summary>
    /// True while a helper is looking for work, or has been given a job and not yet blocked again, so that a new job
    /// may start at once on it.
    /// </summary>
    public static bool HelpersAwake => Volatile.Read(ref s_awake) > 0;

    /// <summary>
    /// While true, a helper given a job waits before it takes a part, as it does when the machine's other programs have
    /// its core: tests hold the helpers to check that a job does not wait for one that does not come.
    /// </summary>
    internal static bool HelpersHeld { get => s_held; set => s_held = value; }

    /// <summary>Parts the helpers have run since the process started: lets tests see that a job really was split.</summary>
    internal static long PartsOnHelpers => Volatile.Read(ref s_partsOnHelpers);

    /// <summary>
    /// Runs parts 0 to <paramref name="parts"/> − 1 of <paramref name="job"/>, each once, and returns when all have
    /// ended, whatever happens meanwhile (an interrupt of the calling thread is kept for after). A part that throws (on
    /// any thread) stops the parts not yet started, and Run rethrows its exception once the parts already running have
    /// ended.
    /// </summary>
    public static void Run(ISplitJob job, int parts)
    {
        if (parts <= 1 || parts > MaxParts || s_helpers == 0 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            for (int p = 0; p < parts; p++) job.Run(p);
            return;
        }
        try
        {
            EnsureStarted();
            s_job = job;
            s_finished = 0;
            int generation = Interlocked.Increment(ref s_generation);
            Interlocked.Exchange(ref s_claim, SplitClaim.Open(generation, parts));   // publishes the fields above
            // Only as many helpers as there are parts besides the caller's are enlisted.
            int helpers = Math.Min(s_helpers, parts - 1);
            for (int i = 0; i < helpers; i++)
            {
                // Interlocked: a full fence between this write and the read of Asleep (the helper does the reverse).
                Interlocked.Exchange(ref s_slots[i].Given, generation);
                if (Volatile.Read(ref s_slots[i].Asleep) != 0) s_wake[i].Release();
            }
            ExceptionDispatchInfo? helperError;
            try { Drain(generation); }
            finally
            {
                AwaitParts(parts);
                s_job = null;
                // Taken here whatever happens: when the caller's own part threw too, its exception is the one that
                // propagates, and the helper's must not stay referenced until the next job.
                helperError = s_helperError;
                s_helperError = null;
            }
            helperError?.Throw();
        }
        finally { Volatile.Write(ref s_busy, 0); }
    }

    /// <summary>
    /// Waits until every part has ended. Helpers' parts end within microseconds of the caller's own, so the caller
    /// spins (for <see cref="AwakeMicroseconds"/> at most) rather than block at once: being woken would cost it 30-100 µs.
    /// </summary>
    static void AwaitParts(int parts)
    {
        long until = Stopwatch.GetTimestamp() + AwakeTicks;
        bool interrupted = false;
        while (Volatile.Read(ref s_finished) < parts)
        {
            if (Stopwatch.GetTimestamp() < until) { Thread.SpinWait(1); continue; }
            Interlocked.Exchange(ref s_callerBlocked, 1);
            while (Volatile.Read(ref s_finished) < parts) interrupted |= !Block(s_done);
            Volatile.Write(ref s_callerBlocked, 0);
        }
        // Returning at the interrupt would leave a helper writing into what the caller frees next (a review found it).
        if (interrupted) Thread.CurrentThread.Interrupt();
    }

    /// <summary>A millisecond's sleep that an interrupt only shortens: an exception escaping a helper would end the process.</summary>
    static void Pause()
    {
        try { Thread.Sleep(1); }
        catch (ThreadInterruptedException) { }
    }

    /// <summary>Waits for a release of <paramref name="semaphore"/>; false when an interrupt of the thread ended the wait instead.</summary>
    static bool Block(SemaphoreSlim semaphore)
    {
        try { semaphore.Wait(); }
        catch (ThreadInterruptedException) { return false; }
        return true;
    }

    /// <summary>
    /// Takes parts of job <paramref name="generation"/> until none is left (caller and helpers alike, so an uneven part
    /// does not stall the rest). A part that throws closes the job and counts the parts nobody will start as ended.
    /// </summary>
    static void Drain(int generation, bool onHelper = false)
    {
        while (SplitClaim.Take(ref s_claim, generation, out int part, out int parts))
        {
            // The claim holds the job open, so s_job is still this generation's (written before the claim word).
            try { Volatile.Read(ref s_job)!.Run(part); }
            catch (Exception e) when (onHelper)
            {
                // Thrown on the caller by Run (an exception escaping a background thread would end the process), so
                // it is recorded before the part counts as ended.
                Interlocked.CompareExchange(ref s_helperError, ExceptionDispatchInfo.Capture(e), null);
                Close(generation, parts);
            }
            catch
            {
                Close(generation, parts);
                Ended(1, parts);
                throw;
            }
            // Counted before the part ends, so a test that reads it after Run sees it.
            if (onHelper) Interlocked.Increment(ref s_partsOnHelpers);
            Ended(1, parts);
        }
    }

    /// <summary>After a part threw: no thread starts another part of the job, and the parts not started count as ended.</summary>
    static void Close(int generation, int parts)
    {
        int skipped = SplitClaim.Close(ref s_claim, generation);
        if (skipped > 0) Ended(skipped, parts);
    }

    /// <summary>Counts <paramref name="count"/> parts as ended, and wakes a blocked caller when they were the last.</summary>
    static void Ended(int count, int parts)
    {
        if (Interlocked.Add(ref s_finished, count) == parts && Volatile.Read(ref s_callerBlocked) != 0) s_done.Release();
    }

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
            while (s_held) Pause();
            Volatile.Write(ref s_slots[index].Served, served);
            Drain(served, onHelper: true);
        }
    }

    /// <summary>
    /// Waits until helper <paramref name="index"/> is given a job after <paramref name="served"/> and returns its
    /// generation: polling for <see cref="AwakeTicks"/>, then blocked. Counted in <c>s_awake</c> except while blocked.
    /// </summary>
    static int AwaitJob(int index, int served)
    {
        ref var slot = ref s_slots[index];
        long until = Stopwatch.GetTimestamp() + AwakeTicks;
        int job;
        while ((job = Volatile.Read(ref slot.Given)) == served && Stopwatch.GetTimestamp() < until) Thread.SpinWait(1);
        if (job != served) return job;
        Interlocked.Decrement(ref s_awake);
        while (job == served)
        {
            Interlocked.Exchange(ref slot.Asleep, 1);
            job = Volatile.Read(ref slot.Given);
            // An interrupt (a part that interrupted its own thread) is a wake-up like any other: the loop checks again.
            if (job == served) Block(s_wake[index]);
            Volatile.Write(ref slot.Asleep, 0);
            job = Volatile.Read(ref slot.Given);
        }
        Interlocked.Increment(ref s_awake);
        return job;
    }

    /// <summary>The pool's counters, for a test's failure message.</summary>
    internal static string State()
    {
        long claim = Volatile.Read(ref s_claim);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"helpers={s_helpers} generation={Volatile.Read(ref s_generation)} claim={SplitClaim.Describe(claim)} " +
            $"finished={Volatile.Read(ref s_finished)} caughtUp={HelpersCaughtUp} asleep={HelpersAsleep} awake={Volatile.Read(ref s_awake)} " +
            $"callerBlocked={Volatile.Read(ref s_callerBlocked)} busy={Volatile.Read(ref s_busy)} done.CurrentCount={s_done.CurrentCount}");
    }

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

    /// <summary>
    /// Whether every helper has come to the last job it was given, for tests: a helper woken for a job that ended
    /// without it may still be on its way to it, and then looks for the next one for a while.
    /// </summary>
    internal static bool HelpersCaughtUp
    {
        get
        {
            for (int i = 0; i < s_helpers; i++)
                if (Volatile.Read(ref s_slots[i].Served) != Volatile.Read(ref s_slots[i].Given)) return false;
            return true;
        }
    }

    /// <summary>Parts of the last job not yet claimed, for tests: 0 between jobs.</summary>
    internal static int UnclaimedParts => SplitClaim.Unclaimed(Volatile.Read(ref s_claim));

    /// <summary>Whether a Run holds the helpers, for tests: false between jobs.</summary>
    internal static bool Busy => Volatile.Read(ref s_busy) != 0;

    /// <summary>Whether a caller announced it blocks, for tests: false between jobs.</summary>
    internal static bool CallerBlocked => Volatile.Read(ref s_callerBlocked) != 0;

    /// <summary>Helpers polling or running a part, for tests (<see cref="HelpersAwake"/> is whether there is any).</summary>
    internal static int AwakeCount => Volatile.Read(ref s_awake);
}
