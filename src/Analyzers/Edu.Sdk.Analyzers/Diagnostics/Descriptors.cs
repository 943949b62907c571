using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Edu.Sdk.Analyzers.Diagnostics
{
    /// <summary>
    /// The rules' descriptors, in one language: the compiler's UI culture (<see cref="Default"/>) or the one a rules
    /// file fixes with <c>lang fr</c> / <c>lang en</c>. The IDs, severities and help links are the same in every set,
    /// so .editorconfig severities apply whatever the language.
    /// </summary>
    internal sealed class Descriptors
    {
        static readonly DiagnosticDescriptor s_tape = new DiagnosticDescriptor(DiagnosticIds.Tape,
            new FixedCultureString(DiagnosticIds.Tape + "_Title", null), new FixedCultureString(DiagnosticIds.Tape + "_Message", null),
            DiagnosticIds.Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: DiagnosticIds.HelpBase + DiagnosticIds.Tape + ".md");

        static readonly DiagnosticDescriptor s_modules = new DiagnosticDescriptor(DiagnosticIds.Modules,
            new FixedCultureString(DiagnosticIds.Modules + "_Title", null), new FixedCultureString(DiagnosticIds.Modules + "_Message", null),
            DiagnosticIds.Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: DiagnosticIds.HelpBase + DiagnosticIds.Modules + ".md");

        static readonly DiagnosticDescriptor s_generatedBackward = new DiagnosticDescriptor(DiagnosticIds.GeneratedBackward,
            new FixedCultureString(DiagnosticIds.GeneratedBackward + "_Title", null), new FixedCultureString(DiagnosticIds.GeneratedBackward + "_Message", null),
            DiagnosticIds.Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: DiagnosticIds.HelpBase + DiagnosticIds.GeneratedBackward + ".md");

        static readonly DiagnosticDescriptor s_rulesFileBan = new DiagnosticDescriptor(DiagnosticIds.RulesFileBan,
            new FixedCultureString(DiagnosticIds.RulesFileBan + "_Title", null), new FixedCultureString(DiagnosticIds.RulesFileBan + "_Message", null),
            DiagnosticIds.Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: DiagnosticIds.HelpBase + DiagnosticIds.RulesFileBan + ".md");

        static readonly DiagnosticDescriptor s_missingBackward = new DiagnosticDescriptor(DiagnosticIds.MissingBackward,
            new FixedCultureString(DiagnosticIds.MissingBackward + "_Title", null), new FixedCultureString(DiagnosticIds.MissingBackward + "_Message", null),
            DiagnosticIds.Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: DiagnosticIds.HelpBase + DiagnosticIds.MissingBackward + ".md");

        static readonly DiagnosticDescriptor s_referenceForbidden = new DiagnosticDescriptor(DiagnosticIds.ReferenceForbidden,
            new FixedCultureString(DiagnosticIds.ReferenceForbidden + "_Title", null), new FixedCultureString(DiagnosticIds.ReferenceForbidden + "_Message", null),
            DiagnosticIds.Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: DiagnosticIds.HelpBase + DiagnosticIds.ReferenceForbidden + ".md");

        static readonly DiagnosticDescriptor s_dynamicReceiver = new DiagnosticDescriptor(DiagnosticIds.DynamicReceiver,
            new FixedCultureString(DiagnosticIds.DynamicReceiver + "_Title", null), new FixedCultureString(DiagnosticIds.DynamicReceiver + "_Message", null),
            DiagnosticIds.Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: DiagnosticIds.HelpBase + DiagnosticIds.DynamicReceiver + ".md");

        static readonly DiagnosticDescriptor s_reflection = new DiagnosticDescriptor(DiagnosticIds.Reflection,
            new FixedCultureString(DiagnosticIds.Reflection + "_Title", null), new FixedCultureString(DiagnosticIds.Reflection + "_Message", null),
            DiagnosticIds.Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: DiagnosticIds.HelpBase + DiagnosticIds.Reflection + ".md");

        static readonly DiagnosticDescriptor s_malformedRules = new DiagnosticDescriptor(DiagnosticIds.MalformedRules,
            new FixedCultureString(DiagnosticIds.MalformedRules + "_Title", null), new FixedCultureString(DiagnosticIds.MalformedRules + "_Message", null),
            DiagnosticIds.Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: DiagnosticIds.HelpBase + DiagnosticIds.MalformedRules + ".md");

        static readonly DiagnosticDescriptor s_unmatchedRule = new DiagnosticDescriptor(DiagnosticIds.UnmatchedRule,
            new FixedCultureString(DiagnosticIds.UnmatchedRule + "_Title", null), new FixedCultureString(DiagnosticIds.UnmatchedRule + "_Message", null),
            DiagnosticIds.Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: DiagnosticIds.HelpBase + DiagnosticIds.UnmatchedRule + ".md");

        static readonly DiagnosticDescriptor s_unknownMode = new DiagnosticDescriptor(DiagnosticIds.UnknownMode,
            new FixedCultureString(DiagnosticIds.UnknownMode + "_Title", null), new FixedCultureString(DiagnosticIds.UnknownMode + "_Message", null),
            DiagnosticIds.Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: DiagnosticIds.HelpBase + DiagnosticIds.UnknownMode + ".md", customTags: WellKnownDiagnosticTags.CompilationEnd);

        static readonly ConcurrentDictionary<string, Descriptors> s_sets = new ConcurrentDictionary<string, Descriptors>();

        /// <summary>The set that follows the compiler's UI culture.</summary>
        public static readonly Descriptors Default = new Descriptors(null);

        /// <summary>The set for a rules file's language (null: <see cref="Default"/>).</summary>
        public static Descriptors For(CultureInfo? culture) =>
            culture is null ? Default : s_sets.GetOrAdd(culture.Name, _ => new Descriptors(culture));

        public readonly CultureInfo? Culture;
        public readonly DiagnosticDescriptor Tape, Modules, GeneratedBackward, RulesFileBan, MissingBackward, ReferenceForbidden, DynamicReceiver, Reflection, MalformedRules, UnmatchedRule, UnknownMode;

        Descriptors(CultureInfo? culture)
        {
            Culture = culture;
            Tape = In(s_tape);
            Modules = In(s_modules);
            GeneratedBackward = In(s_generatedBackward);
            RulesFileBan = In(s_rulesFileBan);
            MissingBackward = In(s_missingBackward);
            ReferenceForbidden = In(s_referenceForbidden);
            DynamicReceiver = In(s_dynamicReceiver);
            Reflection = In(s_reflection);
            MalformedRules = In(s_malformedRules);
            UnmatchedRule = In(s_unmatchedRule);
            UnknownMode = In(s_unknownMode);
        }

        /// <summary>The same descriptor with its texts in this set's language.</summary>
        DiagnosticDescriptor In(DiagnosticDescriptor d) => Culture is null ? d :
            new DiagnosticDescriptor(d.Id, new FixedCultureString(d.Id + "_Title", Culture), new FixedCultureString(d.Id + "_Message", Culture),
                d.Category, d.DefaultSeverity, d.IsEnabledByDefault, d.Description, d.HelpLinkUri, d.CustomTags.ToArray());

        /// <summary>The descriptor of a ban category.</summary>
        public DiagnosticDescriptor ForCategory(Rules.RuleCategory category) => category switch
        {
            Rules.RuleCategory.Tape => Tape,
            Rules.RuleCategory.Modules => Modules,
            Rules.RuleCategory.GeneratedBackward => GeneratedBackward,
            _ => RulesFileBan,
        };

        /// <summary>A localized text for a message's arguments, in the culture the message is shown in (or this set's language).</summary>
        public IFormattable Localized(string name, params object[] args) => new LocalizedText(name, args, Culture);

        /// <summary>Every descriptor of the analyzers, in ID order.</summary>
        public ImmutableArray<DiagnosticDescriptor> All => ImmutableArray.Create(Tape, Modules, GeneratedBackward, RulesFileBan, MissingBackward, ReferenceForbidden, DynamicReceiver, Reflection, MalformedRules, UnmatchedRule, UnknownMode);
    }
}
