namespace Edu.Sdk.Analyzers.Rules
{
    /// <summary>Pieces of documentation-comment IDs.</summary>
    internal static class DocIds
    {
        /// <summary>
        /// The ID without its parameter list, return type (<c>~T</c>, which Roslyn adds to some IDs) and generic
        /// arity: <c>M:A.B.name(X)</c> → <c>M:A.B.name</c>, the ID every overload of a member shares.
        /// </summary>
        public static string Head(string id)
        {
            int end = id.Length;
            int paren = id.IndexOf('(');
            if (paren >= 0) end = paren;
            int tilde = id.IndexOf('~');
            if (tilde >= 0 && tilde < end) end = tilde;
            string head = id.Substring(0, end);
            int ticks = head.LastIndexOf("``", System.StringComparison.Ordinal);
            if (ticks > head.LastIndexOf('.')) head = head.Substring(0, ticks);
            return head;
        }

        /// <summary>
        /// The ID in the standard documentation-comment form: Roslyn 4.14 appends <c>~ReturnType</c> to method IDs,
        /// which the standard keeps for conversion operators only.
        /// </summary>
        public static string Standard(string id)
        {
            int tilde = id.IndexOf('~');
            if (tilde < 0 || id.IndexOf(".op_Implicit", System.StringComparison.Ordinal) >= 0 || id.IndexOf(".op_Explicit", System.StringComparison.Ordinal) >= 0) return id;
            return id.Substring(0, tilde);
        }

        /// <summary>The member name of an ID: <c>M:A.B.name(X)</c> → <c>name</c>.</summary>
        public static string MemberName(string id)
        {
            string head = Head(id);
            return head.Substring(head.LastIndexOf('.') + 1);
        }
    }
}
