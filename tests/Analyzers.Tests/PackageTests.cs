using System.IO.Compression;
using static Edu.Sdk.Analyzers.Tests.DotnetCli;

namespace Edu.Sdk.Analyzers.Tests;

/// <summary>
/// `dotnet pack` of Edu.Sdk, restored into a fresh student project from a local folder (plus this machine's usual
/// sources, and its package cache as a source so that it works offline): a rule fires in `dotnet build`.
/// Cost: one pack (of the already-built projects), one restore, two builds.
/// </summary>
[Trait("Category", "Package")]
[Collection("dotnet-cli")]
public class PackageTests
{
    [Fact]
    public void The_package_brings_the_runtime_the_generator_and_the_rules_into_a_student_project()
    {
        var root = TempProjectFolder("package");
        try
        {
            string feed = Path.Combine(root, "feed"), student = Path.Combine(root, "student"), packages = Path.Combine(root, "packages");
            Directory.CreateDirectory(student);
            string version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
            var pack = Dotnet(Repo(), null, "pack", "src/Sdk/Edu.Sdk.csproj", "-c", "Debug", "--no-build", "-o", feed, $"-p:PackageVersion={version}");
            Assert.True(pack.ExitCode == 0, pack.Output);

            string nupkg = Path.Combine(feed, $"Edu.Sdk.{version}.nupkg");
            using (var zip = ZipFile.OpenRead(nupkg))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
                foreach (var expected in new[] { "lib/net10.0/Edu.Sdk.dll", "analyzers/dotnet/cs/Edu.Sdk.Generators.dll", "analyzers/dotnet/cs/Edu.Sdk.Analyzers.dll",
                             "analyzers/dotnet/cs/Edu.Sdk.CodeFixes.dll", "analyzers/dotnet/cs/fr/Edu.Sdk.Analyzers.resources.dll", "build/Edu.Sdk.props" })
                    Assert.Contains(expected, entries);
            }

            string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            File.WriteAllText(Path.Combine(student, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="edu-sdk-local" value="{feed}" />
                    <add key="machine-package-cache" value="{cache}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(student, "Student.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <EduAssignment>manual</EduAssignment>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Edu.Sdk" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ManualBackward", "Program.cs"), Path.Combine(student, "Program.cs"));
            // A [Layer] with its own backward: the packaged generator writes its manual-mode forward and Saved record.
            File.WriteAllText(Path.Combine(student, "Affine.cs"), """
                using Edu.Sdk;
                using Edu.Sdk.Nn;
                using static Edu.Sdk.torch;

                [Layer]
                public partial class Affine
                {
                    Parameter w = nn.Parameter(randn(3, 2)), b = nn.Parameter(zeros(2));
                    [Differentiable]
                    Tensor Model(Tensor x) => x.matmul(w) + b;
                    public Tensor backward(Tensor dL_dy)
                    {
                        w.grad = saved.x.T.matmul(dL_dy);
                        b.grad = dL_dy.sum(0);
                        return dL_dy.matmul(w.T);
                    }
                }
                """);

            var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };
            var restore = Dotnet(student, env, "restore");
            Assert.True(restore.ExitCode == 0, restore.Output);

            var manual = Dotnet(student, env, "build", "--no-restore");
            Assert.True(manual.ExitCode != 0, manual.Output);
            Assert.Contains("Program.cs(7,6): error EDU0001:", manual.Output);
            Assert.DoesNotContain("EDU0005", manual.Output);

            // In autograd mode the generator writes the backward itself: the hand-written one goes.
            File.Delete(Path.Combine(student, "Affine.cs"));
            var autograd = Dotnet(student, env, "build", "--no-restore", "-p:EduAssignment=autograd");
            Assert.True(autograd.ExitCode == 0, autograd.Output);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
