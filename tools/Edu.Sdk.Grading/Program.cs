using System.Diagnostics;
using Edu.Sdk.Grading;

// edu-grade <project.csproj | folder> [--out report.json] [-- extra dotnet build arguments]
// Rebuilds the project (so every diagnostic is reported again), with the compiler's SARIF log, and writes the
// assignment-rule violations (rule, symbol, file, line) as JSON. Exit code 0 when the report was written.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: edu-grade <project.csproj | folder> [--out report.json] [-- extra dotnet build arguments]");
    return args.Length == 0 ? 2 : 0;
}
string project = Path.GetFullPath(args[0]);
string output = "grading-report.json";
var extra = new List<string>();
for (int i = 1; i < args.Length; i++)
{
    if (args[i] == "--out" && i + 1 < args.Length) output = args[++i];
    else if (args[i] == "--") { extra.AddRange(args.Skip(i + 1)); break; }
    else extra.Add(args[i]);
}
string directory = Directory.Exists(project) ? project : Path.GetDirectoryName(project)!;
string sarif = Path.Combine(Path.GetTempPath(), $"edu-grade-{Guid.NewGuid():N}.sarif");
var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
foreach (var a in new[] { "build", project, "--no-incremental", "-nologo", $"-p:ErrorLog={sarif}%2Cversion=2.1" }.Concat(extra)) psi.ArgumentList.Add(a);
using var process = Process.Start(psi)!;
var stdout = process.StandardOutput.ReadToEndAsync();
var stderr = process.StandardError.ReadToEndAsync();
process.WaitForExit();
if (!File.Exists(sarif))
{
    Console.Error.WriteLine($"edu-grade: the build wrote no compiler log (it failed before compiling?):\n{await stdout}{await stderr}");
    return 1;
}
var report = new GradingReport { Project = project, BuildSucceeded = process.ExitCode == 0, Violations = GradingReport.FromSarif(sarif, directory) };
File.Delete(sarif);
await File.WriteAllTextAsync(output, report.ToJson());
foreach (var v in report.Violations) Console.WriteLine($"{v.File}({v.Line},{v.Column}): {v.Severity} {v.Rule} {v.Symbol}");
Console.WriteLine($"edu-grade: {report.Violations.Count} violation(s), build {(report.BuildSucceeded ? "succeeded" : "failed")}; report: {Path.GetFullPath(output)}");
return 0;
