using System.Globalization;
using System.Resources;
using Edu.Sdk.Analyzers.Diagnostics;

namespace Edu.Sdk.Analyzers.Tests;

/// <summary>The IDs form a contiguous documented range; every one has a page, a release entry, and texts in English and French.</summary>
public class DescriptorTests
{
    static readonly IReadOnlyList<Microsoft.CodeAnalysis.DiagnosticDescriptor> All = new AssignmentRulesAnalyzer().SupportedDiagnostics;

    [Fact]
    public void IDs_are_EDU0001_to_EDU0011_without_gaps()
    {
        Assert.Equal(Enumerable.Range(1, 11).Select(i => $"EDU{i:0000}"), All.Select(d => d.Id));
    }

    [Fact]
    public void Every_rule_has_its_page_its_help_link_and_its_release_entry()
    {
        string repo = DotnetCli.Repo();
        string releases = File.ReadAllText(Path.Combine(repo, "src/Analyzers/Edu.Sdk.Analyzers/AnalyzerReleases.Unshipped.md"));
        string index = File.ReadAllText(Path.Combine(repo, "docs/assignment-rules.md"));
        foreach (var d in All)
        {
            Assert.True(File.Exists(Path.Combine(repo, "docs/diagnostics", d.Id + ".md")), d.Id);
            Assert.EndsWith($"docs/diagnostics/{d.Id}.md", d.HelpLinkUri);
            Assert.Contains($"{d.Id} | Edu.Sdk.Assignment | {d.DefaultSeverity} | {d.Title.ToString(CultureInfo.InvariantCulture)}", releases);
            Assert.StartsWith($"# {d.Id}: {d.Title.ToString(CultureInfo.InvariantCulture)}", File.ReadAllText(Path.Combine(repo, "docs/diagnostics", d.Id + ".md")));
        }
        Assert.Contains("EDU0001–EDU0011", index);
    }

    [Fact]
    public void Every_text_exists_in_English_and_French_with_the_same_placeholders()
    {
        var english = Resources.Manager.GetResourceSet(CultureInfo.InvariantCulture, true, false)!.Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        var french = Resources.Manager.GetResourceSet(CultureInfo.GetCultureInfo("fr"), true, false)!.Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        Assert.Equal(english.Keys.Order(), french.Keys.Order());
        foreach (var (key, text) in english)
        {
            var holes = System.Text.RegularExpressions.Regex.Matches(text, @"\{\d\}").Select(m => m.Value).Order();
            Assert.Equal(holes, System.Text.RegularExpressions.Regex.Matches(french[key], @"\{\d\}").Select(m => m.Value).Order());
            Assert.NotEqual(text, french[key]);
        }
    }
}
