using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Edu.Sdk.Generators.Model
{
    /// <summary>
    /// The projects a diagnostic applies to. Some members the generator writes depend on the assignment mode (the
    /// backward outside manual mode, <c>Saved</c> in it), so a student member named like one collides in one mode
    /// only; parsing does not know the mode, so it says when, and the pipeline filters with the mode it reads.
    /// </summary>
    internal enum ModeCondition
    {
        /// <summary>In every project.</summary>
        Always,
        /// <summary>Only in a manual project (<c>&lt;EduAssignment&gt;manual&lt;/EduAssignment&gt;</c>).</summary>
        Manual,
        /// <summary>Only outside a manual project.</summary>
        OutsideManual,
    }

    /// <summary>A diagnostic as plain values (no Location, no syntax), made back into a <see cref="Diagnostic"/> when reported.</summary>
    internal sealed record DiagnosticInfo(
        string Id,
        string FilePath,
        int Start,
        int Length,
        int StartLine,
        int StartCharacter,
        int EndLine,
        int EndCharacter,
        EquatableArray<string> Arguments)
    {
        /// <summary>The projects it applies to (<see cref="ModeCondition.Always"/> unless set).</summary>
        public ModeCondition When { get; init; }

        /// <summary>Whether it applies to a project that is manual (<paramref name="manual"/>) or not.</summary>
        public bool AppliesTo(bool manual) => When == ModeCondition.Always || (When == ModeCondition.Manual) == manual;

        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location location, params string[] args)
        {
            var span = location.GetLineSpan();
            return new DiagnosticInfo(descriptor.Id, span.Path ?? "", location.SourceSpan.Start, location.SourceSpan.Length,
                span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character,
                args.ToEquatableArray());
        }

        public Diagnostic ToDiagnostic()
        {
            var location = Location.Create(FilePath, new TextSpan(Start, Length),
                new LinePositionSpan(new LinePosition(StartLine, StartCharacter), new LinePosition(EndLine, EndCharacter)));
            object[] args = new object[Arguments.Count];
            for (int i = 0; i < args.Length; i++) args[i] = Arguments[i];
            return Diagnostic.Create(Diagnostics.Descriptors.ById(Id), location, args);
        }
    }

    /// <summary>What parsing one [Layer] class gives: a model to emit (or none) and the diagnostics to report.</summary>
    internal sealed record ParseResult(LayerModel? Model, SourceMap? Map, EquatableArray<DiagnosticInfo> Diagnostics);
}
