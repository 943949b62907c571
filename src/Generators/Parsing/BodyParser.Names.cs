using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Edu.Sdk.Generators.Parsing
{
    internal sealed partial class BodyParser
    {
        /// <summary>
        /// Every value name given in the method, with the loops' workspace and index locals. A value's name is its
        /// generated local, its buffer in the workspace and its kept field, so no two values may share one: two
        /// locals named c in sibling blocks (two ifs, two loops) shared a buffer, and one overwrote what the other's
        /// backward read (found by a review).
        /// </summary>
        readonly HashSet<string> _given = new HashSet<string>(System.StringComparer.Ordinal);

        /// <summary>The names each local's values took, in order (a loop's value reuses its body's last one).</summary>
        readonly Dictionary<ILocalSymbol, List<string>> _localVersions = new Dictionary<ILocalSymbol, List<string>>(SymbolEqualityComparer.Default);

        /// <summary>The names each input's values took: the input itself, then x_2, ...</summary>
        readonly Dictionary<string, List<string>> _inputVersions = new Dictionary<string, List<string>>(System.StringComparer.Ordinal);

        /// <summary>The local holding an iteration's workspace in the generated loops: ws, unless the student's code has that name.</summary>
        string LoopWorkspace { get; }

        /// <summary>The index of a foreach's generated for loop: i, unless the student's code has that name.</summary>
        string LoopIndex { get; }

        List<string> InputVersions(string input)
        {
            if (!_inputVersions.TryGetValue(input, out var list)) _inputVersions[input] = list = new List<string>();
            return list;
        }

        /// <summary>The name of the <paramref name="count"/>-th value a local names: h, h_2, h_3, ... (see <see cref="Version"/>).</summary>
        string VersionName(ILocalSymbol local, int count)
        {
            if (!_localVersions.TryGetValue(local, out var list)) _localVersions[local] = list = new List<string>();
            return Version(list, local.Name, count);
        }

        /// <summary>
        /// The <paramref name="count"/>-th name in <paramref name="versions"/>, given on first request: the name itself
        /// for the first value, unless another local of that name (in a sibling block) has it, then name_2, name_3, ...
        /// skipping names given already and the student's own identifiers (a local h_2 keeps its name, and h's second
        /// value is h_3).
        /// </summary>
        string Version(List<string> versions, string name, int count)
        {
            int suffix = 1;
            while (versions.Count < count)
            {
                string candidate;
                do
                {
                    candidate = suffix == 1 ? name : name + "_" + suffix.ToString(CultureInfo.InvariantCulture);
                    suffix++;
                }
                while (_given.Contains(candidate) || (suffix > 2 && _reserved.Contains(candidate)));
                _given.Add(candidate);
                versions.Add(candidate);
            }
            return versions[count - 1];
        }
    }
}
