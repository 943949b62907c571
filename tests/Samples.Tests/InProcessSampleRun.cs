using System.Globalization;
using System.Text.RegularExpressions;

namespace Edu.Sdk.Samples.Tests;

/// <summary>Runs a sample's entry point in-process with <c>--quick</c> into a fresh folder, and reads numbers out of its report.</summary>
public sealed class InProcessSampleRun : IDisposable
{
    public InProcessSampleRun(Func<string[], TextWriter, int> run)
    {
        OutDirectory = Path.Combine(Path.GetTempPath(), "edu-samples-" + Guid.NewGuid().ToString("N"));
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        ExitCode = run(["--quick", "--out", OutDirectory], writer);
        Output = writer.ToString();
    }

    public string OutDirectory { get; }
    public int ExitCode { get; }
    public string Output { get; }

    /// <summary>The number captured by the first group of <paramref name="pattern"/>, for every match, in order.</summary>
    public IReadOnlyList<double> Numbers(string pattern)
    {
        var values = Regex.Matches(Output, pattern, RegexOptions.Multiline)
            .Select(m => double.Parse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture)).ToList();
        Assert.True(values.Count > 0, $"The report has no line matching /{pattern}/:\n{Output}");
        return values;
    }

    public double Number(string pattern) => Numbers(pattern)[0];

    public void Dispose()
    {
        try { Directory.Delete(OutDirectory, recursive: true); } catch (IOException) { }
    }
}
