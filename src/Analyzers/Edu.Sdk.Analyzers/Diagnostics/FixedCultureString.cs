using System;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Edu.Sdk.Analyzers.Diagnostics
{
    /// <summary>
    /// A resource text in a fixed language (a rules file's <c>lang fr</c>), whatever the compiler's UI culture; with no
    /// fixed language it follows the culture the compiler asks for, like <see cref="LocalizableResourceString"/>.
    /// </summary>
    internal sealed class FixedCultureString : LocalizableString
    {
        readonly string _name;
        readonly CultureInfo? _culture;

        public FixedCultureString(string name, CultureInfo? culture)
        {
            _name = name;
            _culture = culture;
        }

        protected override string GetText(IFormatProvider? formatProvider) =>
            Resources.Get(_name, _culture ?? formatProvider as CultureInfo);

        protected override int GetHash() => _name.GetHashCode() ^ (_culture?.Name.GetHashCode() ?? 0);

        protected override bool AreEqual(object? other) =>
            other is FixedCultureString o && o._name == _name && Equals(o._culture?.Name, _culture?.Name);
    }
}
