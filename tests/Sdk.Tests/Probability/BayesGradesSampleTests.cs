using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using static Edu.Sdk.Tests.Probability.A1Network;

namespace Edu.Sdk.Tests.Probability;

/// <summary>Runs samples/BayesGrades with --quick in its own process and checks printed numbers against brute force.</summary>
public class BayesGradesSampleTests
{
    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Edu.Sdk.sln"))) return dir.FullName;
        throw new InvalidOperationException("Edu.Sdk.sln not found above " + AppContext.BaseDirectory);
    }

    static string RunQuick()
    {
        var psi = new ProcessStartInfo("dotnet", ["run", "--project", Path.Combine(RepoRoot(), "samples", "BayesGrades", "BayesGrades.csproj"), "--", "--quick"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(5)), "the sample did not finish in 5 minutes");
        Assert.True(p.ExitCode == 0, $"exit code {p.ExitCode}\n{stdout}\n{stderr.Result}");
        return stdout;
    }

    static double Number(string output, string pattern)
    {
        var m = Regex.Match(output, pattern);
        Assert.True(m.Success, $"'{pattern}' not found in:\n{output}");
        return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void The_sample_prints_the_sixteen_queries_with_correct_values()
    {
        string output = RunQuick();
        int start = output.IndexOf("The sixteen queries", StringComparison.Ordinal), end = output.IndexOf("Seeing is not doing", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, output);
        Assert.Equal(16, Regex.Matches(output[start..end], @"^  P\(.*\) = ", RegexOptions.Multiline).Count);
        Assert.Equal(Brute(iR, [(iG, 2)])[1], Number(output, @"P\(R \| g2\) = \[r0: [\d.]+, r1: ([\d.]+)\]"), 1e-6);
        Assert.Equal(Brute(iG, [(iL, 1)])[1], Number(output, @"P\(G=g1 \| l1\) = ([\d.]+)"), 1e-6);
        Assert.Equal(Brute(iR, [], (iG, 2))[1], Number(output, @"P\(R \| do\(G=g2\)\) = \[r0: [\d.]+, r1: ([\d.]+)\]"), 1e-6);
        Assert.Equal(Brute(iG, [(iR, 1), (iS, 0)])[2], Number(output, @"P\(G \| r1, s0\) = \[g0: [\d.]+, g1: [\d.]+, g2: ([\d.]+)\]"), 1e-6);
        Assert.Contains("Seeing is not doing", output);
    }
}
