using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Edu.Sdk.Analyzers.Tests;

/// <summary>Runs the dotnet CLI for the real-build and package tests, and locates the repository.</summary>
internal static class DotnetCli
{
    public static string Repo([CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    public sealed record Run(int ExitCode, string Output);

    public static Run Dotnet(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        // A build started from a test must not reuse (or leave) a shared compiler server or MSBuild nodes.
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["UseSharedCompilation"] = "false";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(8))) { p.Kill(entireProcessTree: true); throw new TimeoutException("dotnet " + string.Join(" ", args)); }
        return new Run(p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>A fresh folder under the temp directory, with an empty Directory.Build.props so nothing above applies.</summary>
    public static string TempProjectFolder(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "edu-sdk-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "Directory.Build.props"), "<Project></Project>\n");
        File.WriteAllText(Path.Combine(dir, "Directory.Build.targets"), "<Project></Project>\n");
        return dir;
    }
}
