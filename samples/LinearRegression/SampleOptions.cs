namespace Edu.Samples;

/// <summary>The command line every sample accepts: <c>--quick</c> (a few seconds, a small protocol) and <c>--out &lt;folder&gt;</c>.</summary>
internal sealed record SampleOptions(bool Quick, string OutputFolder)
{
    /// <summary>Parses <paramref name="args"/>; on a mistake, returns null and says why on <paramref name="error"/>.</summary>
    public static SampleOptions? Parse(string[] args, string sample, TextWriter error)
    {
        bool quick = false;
        string folder = Path.Combine("out", sample);
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--out" when i + 1 < args.Length: folder = args[++i]; break;
                default:
                    error.WriteLine($"Unknown or incomplete argument '{args[i]}'. Usage: {sample} [--quick] [--out <folder>]  (outputs go to ./out/{sample} by default)");
                    return null;
            }
        }
        return new SampleOptions(quick, folder);
    }
}
