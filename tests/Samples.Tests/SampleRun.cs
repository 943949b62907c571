using System.Globalization;
using System.Text.RegularExpressions;

namespace Edu.Samples.Tests;

/// <summary>
/// The shared harness of the samples' smoke tests: runs a sample's <c>Run(args, writer)</c> in-process with
/// <c>--quick --out &lt;temporary folder&gt;</c>, keeps what it printed, and reads numbers back from it.
/// </summary>
public sealed class SampleRun : IDisposable
{
    SampleRun(string folder, int exitCode, string output)
    {
        Folder = folder;
        ExitCode = exitCode;
        Output = output;
    }

    /// <summary>The temporary output folder (deleted on Dispose).</summary>
    public string Folder { get; }

    /// <summary>What Run returned.</summary>
    public int ExitCode { get; }

    /// <summary>Everything the sample printed.</summary>
    public string Output { get; }

    /// <summary>Runs <paramref name="run"/> with <c>--quick --out &lt;new temporary folder&gt;</c> and any <paramref name="extraArgs"/>.</summary>
    public static SampleRun Quick(Func<string[], TextWriter, int> run, params string[] extraArgs)
    {
        ArgumentNullException.ThrowIfNull(run);
        string folder = Path.Combine(Path.GetTempPath(), "edu-samples-" + Guid.NewGuid().ToString("N"));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        int code = run(["--quick", "--out", folder, .. extraArgs], writer);
        return new SampleRun(folder, code, writer.ToString());
    }

    /// <summary>The numbers captured by the first group of <paramref name="pattern"/>, for every match, in order.</summary>
    public IReadOnlyList<double> Numbers(string pattern)
    {
        var values = Regex.Matches(Output, pattern, RegexOptions.Multiline)
            .Select(m => double.Parse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture)).ToList();
        Assert.True(values.Count > 0, $"'{pattern}' was not found in the output:\n{Output}");
        return values;
    }

    /// <summary>The number captured by the first group of <paramref name="pattern"/> (invariant culture; a trailing % divides by 100).</summary>
    public double Number(string pattern)
    {
        var m = Regex.Match(Output, pattern, RegexOptions.Multiline);
        Assert.True(m.Success, $"'{pattern}' was not found in the output:\n{Output}");
        string text = m.Groups[1].Value.Trim();
        bool percent = text.EndsWith('%');
        double value = double.Parse(percent ? text.TrimEnd('%').Trim() : text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return percent ? value / 100 : value;
    }

    /// <summary>The path of an output file, after checking that it exists and is not empty.</summary>
    public string File(string relativePath)
    {
        string path = Path.Combine(Folder, relativePath);
        Assert.True(System.IO.File.Exists(path), $"{relativePath} was not written in {Folder}");
        Assert.True(new FileInfo(path).Length > 0, $"{relativePath} is empty");
        return path;
    }

    /// <summary>Checks that an SVG file exists and parses as XML whose root is &lt;svg&gt; and that it draws at least one line.</summary>
    public void AssertSvg(string relativePath)
    {
        var doc = System.Xml.Linq.XDocument.Load(File(relativePath));
        Assert.Equal("svg", doc.Root!.Name.LocalName);
        Assert.Contains(doc.Descendants(), e => e.Name.LocalName is "polyline" or "path" or "line");
    }

    /// <summary>Parses a CSV file with a header row; returns the header and the rows as invariant-culture numbers (empty cells as NaN).</summary>
    public (string[] Header, double[][] Rows) Csv(string relativePath)
    {
        var lines = System.IO.File.ReadAllLines(File(relativePath)).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var rows = lines[1..].Select(l => l.Split(',').Select(c => c.Length == 0 ? double.NaN : double.Parse(c, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
        return (header, rows);
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
