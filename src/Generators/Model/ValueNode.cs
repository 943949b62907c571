namespace Edu.Sdk.Generators.Model
{
    /// <summary>
    /// One value of the forward: the op that makes it, its tensor arguments (ids of earlier nodes), op-specific
    /// attributes as C# text, its name (from the source, or derived later), and the source line it comes from.
    /// </summary>
    internal sealed record ValueNode(
        int Id,
        Op Op,
        EquatableArray<int> Args,
        EquatableArray<string> Attrs,
        string Name,
        bool Named,
        int Line,
        string Text)
    {
        public string Attr(int i) => i < Attrs.Count ? Attrs[i] : "";
    }
}
