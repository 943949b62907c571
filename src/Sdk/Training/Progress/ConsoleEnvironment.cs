namespace Edu.Sdk.Training;

/// <summary>Whether live terminal output makes sense here.</summary>
internal static class ConsoleEnvironment
{
    /// <summary>Set on grid worker threads: several trainings at once must not each draw a live bar.</summary>
    [ThreadStatic] internal static bool t_insideParallelRun;

    /// <summary>True in an interactive terminal: output not redirected and no <c>CI</c> environment variable.</summary>
    public static bool IsInteractive =>
        !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Whether <paramref name="mode"/> means drawing a live display on this thread.</summary>
    public static bool WantsBar(ProgressMode mode) => mode switch
    {
        ProgressMode.None => false,
        _ when t_insideParallelRun => false,
        ProgressMode.Bar => !Console.IsOutputRedirected,
        _ => IsInteractive,
    };
}
