namespace SoftmaxRegression;

/// <summary>The command line: <c>[--quick] [--out DIR]</c>.</summary>
public sealed record SampleArgs(bool Quick, string OutDirectory)
{
    /// <summary>Reads the arguments; null (with a message on <paramref name="error"/>) when they are wrong.</summary>
    public static SampleArgs? Parse(string[] args, string sample, TextWriter error)
    {
        bool quick = false;
        string? outDir = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--out" when i + 1 < args.Length: outDir = args[++i]; break;
                default:
                    error.WriteLine($"Unknown argument '{args[i]}'. Usage: {sample} [--quick] [--out DIR]");
                    return null;
            }
        }
        return new SampleArgs(quick, outDir ?? Path.Combine(".", "out", sample));
    }
}
