namespace Edu.Sdk.Tensors;

/// <summary>Work cut into parts that may run on different cores; each part touches its own output.</summary>
internal interface ISplitJob
{
    void Run(int part);
}

/// <summary>
/// Runs a job's parts on the calling thread and on long-lived helper threads (one per extra core). Unlike
/// <c>Parallel.For</c> it allocates nothing per call, which keeps steady-state training allocation-free. Helper threads
/// block (they do not spin) between jobs, so they never compete with the caller for the two cores the way
/// spinning OpenMP threads do; when another thread is already using them (two models trained at once), the caller
/// simply runs every part itself.
/// </summary>
internal static class CoreSplit
{
    static readonly int s_helpers = Math.Max(0, Environment.ProcessorCount - 1);
    static readonly SemaphoreSlim s_start = new(0);
    static readonly ManualResetEventSlim s_done = new(false);
    static ISplitJob? s_job;
    static int s_parts, s_next, s_pending, s_busy, s_started;

    /// <summary>How many parts can run at once: the core count.</summary>
    public static int Width => s_helpers + 1;

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
            int helpers = Math.Min(s_helpers, parts - 1);
            s_pending = helpers;
            s_done.Reset();
            s_start.Release(helpers);
            Drain();
            if (Volatile.Read(ref s_pending) > 0) s_done.Wait();
            s_job = null;
        }
        finally { Volatile.Write(ref s_busy, 0); }
    }

    /// <summary>Takes parts until none is left (callers and helpers alike, so an uneven part does not stall the rest).</summary>
    static void Drain()
    {
        var job = s_job!;
        int p;
        while ((p = Interlocked.Increment(ref s_next) - 1) < s_parts) job.Run(p);
    }

    static void EnsureStarted()
    {
        if (Interlocked.Exchange(ref s_started, 1) == 1) return;
        for (int i = 0; i < s_helpers; i++)
            new Thread(Helper) { IsBackground = true, Name = $"Edu.Sdk core {i + 1}" }.Start();
    }

    static void Helper()
    {
        while (true)
        {
            s_start.Wait();
            Drain();
            if (Interlocked.Decrement(ref s_pending) == 0) s_done.Set();
        }
    }
}
