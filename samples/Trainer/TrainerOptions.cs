namespace Edu.Samples;

/// <summary>The protocol sizes: <c>--quick</c> (seconds), the default (minutes), <c>--full</c> (A5's 50 epochs on all images).</summary>
internal enum Protocol { Quick, Default, Full }

/// <summary>The command line: <c>--quick</c> or <c>--full</c>, <c>--digits</c> (force the embedded digits), <c>--out &lt;folder&gt;</c>.</summary>
internal sealed record TrainerOptions(Protocol Protocol, bool ForceDigits, string OutputFolder)
{
    public static TrainerOptions? Parse(string[] args, TextWriter error)
    {
        var protocol = Protocol.Default;
        bool digits = false;
        string folder = Path.Combine("out", "Trainer");
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": protocol = Protocol.Quick; break;
                case "--full": protocol = Protocol.Full; break;
                case "--digits": digits = true; break;
                case "--out" when i + 1 < args.Length: folder = args[++i]; break;
                default:
                    error.WriteLine($"Unknown or incomplete argument '{args[i]}'. Usage: Trainer [--quick | --full] [--digits] [--out <folder>]  (outputs go to ./out/Trainer by default)");
                    return null;
            }
        }
        return new TrainerOptions(protocol, digits, folder);
    }
}
