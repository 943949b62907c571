using System;
using System.Globalization;

namespace Edu.Sdk.Analyzers.Diagnostics
{
    /// <summary>
    /// A localized piece of a diagnostic's message (the rule's name, the advice), put in the message when it is shown
    /// and in the culture it is shown in, as the message's template is: made into a string during analysis, it took
    /// the analyzer's culture, and a French message could end in English (found by a review). A <c>lang</c> line
    /// fixes the culture.
    /// </summary>
    internal sealed class LocalizedText : IFormattable
    {
        readonly string _name;
        readonly object[] _args;
        readonly CultureInfo? _culture;

        public LocalizedText(string name, object[] args, CultureInfo? culture)
        {
            _name = name;
            _args = args;
            _culture = culture;
        }

        public string ToString(string? format, IFormatProvider? formatProvider) =>
            string.Format(CultureInfo.InvariantCulture, Resources.Get(_name, _culture ?? formatProvider as CultureInfo), _args);

        public override string ToString() => ToString(null, null);
    }
}
