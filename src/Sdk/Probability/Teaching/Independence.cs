namespace Edu.Sdk.Probability;

/// <summary>
/// The answer to "are A and B d-separated given Z?": the verdict, an active trail when there is one, and an
/// explanation saying why each node on the trail lets influence through, or where each trail is blocked.
/// Converts to bool, so <c>if (net.AreIndependent&lt;R, D&gt;())</c> reads as it should.
/// </summary>
public sealed class Independence
{
    internal Independence(bool independent, IReadOnlyList<Variable>? activeTrail, string explanation)
    {
        Independent = independent;
        ActiveTrail = activeTrail;
        Explanation = explanation;
    }

    /// <summary>True when every trail is blocked, so the graph guarantees A ⊥ B | Z in every distribution it describes.</summary>
    public bool Independent { get; }

    /// <summary>An active trail from A to B given Z, or null when they are d-separated.</summary>
    public IReadOnlyList<Variable>? ActiveTrail { get; }

    /// <summary>The reasoning, in sentences.</summary>
    public string Explanation { get; }

    /// <summary>The verdict.</summary>
    /// <param name="result">A d-separation result.</param>
    public static implicit operator bool(Independence result) => result?.Independent ?? throw new ArgumentNullException(nameof(result));

    /// <summary>The verdict (for languages without implicit conversions).</summary>
    public bool ToBoolean() => Independent;

    /// <summary>The explanation.</summary>
    public override string ToString() => Explanation;
}
