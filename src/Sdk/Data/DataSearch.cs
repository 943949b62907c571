namespace Edu.Sdk.Data;

/// <summary>
/// The inputs of a data set search, gathered once, so tests can pass their own instead of changing the process
/// environment (which would race with other tests running in parallel).
/// </summary>
/// <param name="Directory">A folder given by the caller: when set, it is the only place searched.</param>
/// <param name="EduData">The value of the EDU_DATA environment variable, or null.</param>
/// <param name="CurrentDirectory">The folder that <c>./data</c> is relative to.</param>
/// <param name="SystemDirectories">Replaces the data set's system folders when set (tests).</param>
internal sealed record DataSearch(string? Directory, string? EduData, string CurrentDirectory, IReadOnlyList<string>? SystemDirectories = null)
{
    public const string EnvironmentVariable = "EDU_DATA";

    public static DataSearch FromEnvironment(string? directory) =>
        new(directory, Environment.GetEnvironmentVariable(EnvironmentVariable), Environment.CurrentDirectory);
}
