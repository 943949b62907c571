using System.Globalization;
using System.Resources;

namespace Edu.Sdk.Analyzers
{
    /// <summary>The analyzers' texts: Resources.resx (English) and Resources.fr.resx (French).</summary>
    internal static class Resources
    {
        public static readonly ResourceManager Manager = new ResourceManager("Edu.Sdk.Analyzers.Resources", typeof(Resources).Assembly);

        /// <summary>The text called <paramref name="name"/> in <paramref name="culture"/> (the UI culture when null).</summary>
        public static string Get(string name, CultureInfo? culture) => Manager.GetString(name, culture) ?? name;

        /// <summary>The culture of a <c>lang</c> line: fr or en; null (follow the compiler's UI culture) otherwise.</summary>
        public static CultureInfo? Culture(string? lang)
        {
            if (lang is null) return null;
            try
            {
                return lang == "en" ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(lang);
            }
            catch (CultureNotFoundException)
            {
                // A process in globalization-invariant mode may refuse named cultures: messages stay in English.
                return CultureInfo.InvariantCulture;
            }
        }
    }
}
