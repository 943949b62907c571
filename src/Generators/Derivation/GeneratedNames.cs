using System.Collections.Generic;
using System.Linq;

namespace Edu.Sdk.Generators.Derivation
{
    /// <summary>
    /// The identifiers the generated code declares besides the values' own names: the workspace and the other fields
    /// (<c>_ws</c>, <c>s_inputNames</c>, the kept values <c>_h1</c>, <c>_h_at</c>, the branch records
    /// <c>_if_z</c>), the core <c>Backward</c> and its <c>inputGradients</c>, and the gradients (<c>dL_dh1</c>,
    /// <c>dL_dh_part1</c>). Each is its usual spelling unless the student's code has that name (a member, or an
    /// identifier of the method: see <see cref="Model.LayerModel.ReservedNames"/>) or another generated name took it;
    /// then <c>_2</c>, <c>_3</c>, ... as the values' names do. Generated code reads the student's members by name (the
    /// numbers and conditions it copies), so a generated local must not hide one, and a field must not duplicate one.
    /// </summary>
    internal sealed class GeneratedNames
    {
        public const string WorkspaceField = "_ws";
        public const string TrainingField = "_training";
        public const string InputNamesField = "s_inputNames";
        public const string InputsDifferentiableField = "s_inputsDifferentiable";
        public const string CoreBackward = "Backward";
        public const string InputGradients = "inputGradients";
        public const string Inputs = "inputs";

        readonly HashSet<string> _taken;
        /// <summary>The names given, by what they name: a member (<see cref="Member"/>) or a name derived from the values' (<see cref="this"/>).</summary>
        readonly Dictionary<(bool Member, string Usual), string> _given = new Dictionary<(bool, string), string>();

        static readonly string[] s_members =
        {
            WorkspaceField, TrainingField, InputNamesField, InputsDifferentiableField, CoreBackward, InputGradients, Inputs,
        };

        /// <param name="reserved">The student's names and the values' names.</param>
        /// <param name="usual">
        /// The usual spellings of the names derived from the values (<c>_h1</c>, <c>dL_dh1</c>, ...), claimed before
        /// any is renamed: a renamed one (<c>dL_dh_2</c> for h when the student has a <c>dL_dh</c>) then never takes
        /// the usual name of another value's (h_2's gradient keeps <c>dL_dh_2</c>, and h's is <c>dL_dh_3</c>).
        /// The members come first: a local named <c>ws</c> is kept in <c>_ws_2</c>, the workspace stays <c>_ws</c>.
        /// </param>
        public GeneratedNames(IEnumerable<string> reserved, IEnumerable<string> usual)
        {
            _taken = new HashSet<string>(reserved, System.StringComparer.Ordinal);
            var claims = s_members.Select(m => (Member: true, Usual: m)).Concat(usual.Select(u => (Member: false, Usual: u))).ToList();
            foreach (var claim in claims)
                if (!_given.ContainsKey(claim) && _taken.Add(claim.Usual)) _given[claim] = claim.Usual;
            foreach (var claim in claims)
                if (!_given.ContainsKey(claim)) _given[claim] = Naming.Unique(claim.Usual, _taken);
        }

        /// <summary>The name of the generated member usually called <paramref name="usual"/> (one of the constants above).</summary>
        public string Member(string usual) => Give((true, usual));

        /// <summary>The name the generated code declares for what it usually calls <paramref name="usual"/>, derived from a value's name: the same at every call.</summary>
        public string this[string usual] => Give((false, usual));

        string Give((bool Member, string Usual) key)
        {
            if (!_given.TryGetValue(key, out var name)) _given[key] = name = Naming.Unique(key.Usual, _taken);
            return name;
        }

        /// <summary>
        /// A name spelt <paramref name="usual"/> unless taken, given once and to nothing else: for a variable that is not
        /// the gradient of a value, though spelt like one (<c>dL_dx_from_h_2</c>, which a value named x_from_h_2 may have).
        /// </summary>
        public string Fresh(string usual) => Naming.Unique(usual, _taken);

        /// <summary>The gradient of the value named <paramref name="value"/>: <c>dL_d</c> and its name.</summary>
        public string Gradient(string value) => this["dL_d" + value];

        /// <summary>The field keeping the value named <paramref name="value"/> for the backward.</summary>
        public string Kept(string value) => this["_" + value];

        /// <summary>The list keeping, per iteration of a loop, the value named <paramref name="value"/>.</summary>
        public string KeptPerIteration(string value) => this["_" + value + "_at"];

        /// <summary>The usual spellings of the names derived from a value: claim them all before any is renamed.</summary>
        public static IEnumerable<string> Derived(string value)
        {
            yield return "_" + value;
            yield return "_" + value + "_at";
            yield return "_if_" + value;
            yield return "_if_" + value + "_at";
            yield return "if_" + value;
            yield return "dL_d" + value;
        }
    }
}
