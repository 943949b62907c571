using System.Collections.Concurrent;
using System.ComponentModel;
using System.Reflection;

namespace Edu.Sdk.Probability;

/// <summary>
/// The bridge from the typed front to the core: one <see cref="Variable"/> per enum type, made once and cached,
/// so every table and network that mentions <c>G</c> holds the same instance.
/// </summary>
internal static class EnumVariables
{
    internal sealed class Info
    {
        public required Variable Variable { get; init; }
        public required Array Values { get; init; }
        public required Dictionary<object, int> Index { get; init; }

        public int IndexOf(Enum value) =>
            Index.TryGetValue(value, out int i) ? i
            : throw new ArgumentException($"{value} is not a named member of {Variable.Name}; its states are {string.Join(", ", Variable.States)}.");
    }

    static readonly ConcurrentDictionary<Type, Info> Cache = new();

    public static Info Get(Type type) => Cache.GetOrAdd(type, Make);

    static Info Make(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!type.IsEnum)
            throw new ArgumentException($"{type.Name} is not an enum: a typed variable is an enum whose members are its states.");
        if (type.IsDefined(typeof(FlagsAttribute), false))
            throw new ArgumentException($"{type.Name} is a [Flags] enum: a variable is in exactly one state, so its enum cannot be a set of flags.");
        // States in order of underlying value: the order in which they are declared in the usual `enum G { g0, g1, g2 }`.
        // Enum.GetValues orders by the unsigned bit pattern, which puts minus = -1 after plus = 1: sort by signed value.
        var members = Enum.GetValues(type).Cast<Enum>().OrderBy(v => Convert.ToDecimal(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var names = new List<string>();
        var descriptions = new List<string?>();
        var index = new Dictionary<object, int>();
        foreach (Enum v in members)
        {
            if (index.ContainsKey(v))
                throw new ArgumentException($"{type.Name}.{v} shares its value with another member: each state needs its own value.");
            index[v] = names.Count;
            string name = Enum.GetName(type, v)!;
            names.Add(name);
            descriptions.Add(type.GetField(name)?.GetCustomAttribute<DescriptionAttribute>()?.Description);
        }
        var variable = new Variable(type.Name, names, type.GetCustomAttribute<DescriptionAttribute>()?.Description)
        {
            EnumType = type,
            StateDescriptions = descriptions,
        };
        return new Info { Variable = variable, Values = members, Index = index };
    }

    public static Observation[] Observations(Enum[]? values)
    {
        if (values is null) return [];
        var result = new Observation[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is null) throw new ArgumentException($"Evidence value {i} is null.");
            result[i] = Observation.Of(values[i]);
        }
        return result;
    }

    public static T ValueAt<T>(int state) where T : struct, Enum => (T)Get(typeof(T)).Values.GetValue(state)!;
}
