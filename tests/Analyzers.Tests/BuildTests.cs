using Edu.Sdk.Grading;
using static Edu.Sdk.Analyzers.Tests.DotnetCli;

namespace Edu.Sdk.Analyzers.Tests;

/// <summary>
/// A real `dotnet build` of a small student project (Fixtures/ManualBackward) that references the SDK, the generator
/// and the analyzers as a repository project does: manual mode fails with EDU0001 at the backward() line; autograd
/// mode builds. The grading report is read from the same build's SARIF log.
/// </summary>
[Trait("Category", "Build")]
[Collection("dotnet-cli")]
public class BuildTests
{
    static string Project()
    {
        var dir = TempProjectFolder("manual-backward");
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "ManualBackward");
        File.Copy(Path.Combine(fixture, "Program.cs"), Path.Combine(dir, "Program.cs"));
        File.WriteAllText(Path.Combine(dir, "ManualBackward.csproj"), File.ReadAllText(Path.Combine(fixture, "ManualBackward.csproj.in")).Replace("@REPO@", Repo()));
        return dir;
    }

    [Fact]
    public void Backward_fails_a_manual_build_at_its_line_and_builds_in_autograd_mode()
    {
        var dir = Project();
        try
        {
            string sarif = Path.Combine(dir, "build.sarif");
            // The SDK, generator and analyzers are built already (this test project references them).
            var manual = Dotnet(dir, null, "build", "--no-dependencies", "-p:EduAssignment=manual", $"-p:ErrorLog={sarif}%2Cversion=2.1");
            Assert.True(manual.ExitCode != 0, manual.Output);
            Assert.Contains("Program.cs(7,6): error EDU0001: 'torch.Tensor.backward(torch.Tensor?, bool)' computes gradients for you", manual.Output);

            var violation = Assert.Single(GradingReport.FromSarif(sarif, dir));
            Assert.Equal(new Violation("EDU0001", "M:Edu.Sdk.torch.Tensor.backward(Edu.Sdk.torch.Tensor,System.Boolean)", "Program.cs", 7, 6, "error",
                violation.Message), violation);

            var autograd = Dotnet(dir, null, "build", "--no-dependencies", "-p:EduAssignment=autograd");
            Assert.True(autograd.ExitCode == 0, autograd.Output);
            Assert.DoesNotContain("EDU0", autograd.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
