using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace Edu.Sdk.Nn;

/// <summary>Marks a field of a library module that discovery must not read (a container's own storage of its items).</summary>
[AttributeUsage(AttributeTargets.Field)]
internal sealed class SkipDiscoveryAttribute : Attribute;

/// <summary>What a field of a module holds, as far as parameters and submodules go.</summary>
internal enum MemberKind
{
    /// <summary>A <see cref="Parameter"/> (or a <see cref="torch.Tensor"/> field that holds one at run time).</summary>
    Parameter,
    /// <summary>A <see cref="Module"/>.</summary>
    Module,
    /// <summary>An array or list of parameters: named <c>field.0</c>, <c>field.1</c>, ...</summary>
    Parameters,
    /// <summary>An array or list of modules: named <c>field.0</c>, <c>field.1</c>, ...</summary>
    Modules,
}

/// <summary>One field of a module type that can hold parameters or submodules, with a compiled getter.</summary>
internal sealed class ModuleMember(string name, MemberKind kind, FieldInfo field, Func<object, object?> get)
{
    /// <summary>The field's name; an auto-property's backing field is named after the property.</summary>
    public string Name { get; } = name;
    public MemberKind Kind { get; } = kind;
    public FieldInfo Field { get; } = field;
    /// <summary>Reads the field: a compiled delegate, so a training step does no reflection.</summary>
    public Func<object, object?> Get { get; } = get;
}

/// <summary>
/// The fields of each module type that hold parameters and submodules, found by reflection once per type and
/// cached: the base classes' fields first, then the derived class's, each in declaration order.
/// </summary>
internal static class ModuleMembers
{
    static readonly ConcurrentDictionary<Type, ModuleMember[]> s_cache = new();

    public static ModuleMember[] Of(Type type) => s_cache.GetOrAdd(type, Scan);

    static ModuleMember[] Scan(Type type)
    {
        var chain = new Stack<Type>();
        for (var t = type; t is not null && t != typeof(Module); t = t.BaseType) chain.Push(t);
        var members = new List<ModuleMember>();
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        foreach (var t in chain)
            foreach (var f in t.GetFields(flags).OrderBy(f => f.MetadataToken))
            {
                if (f.IsDefined(typeof(SkipDiscoveryAttribute), false) || Classify(f.FieldType) is not { } kind) continue;
                members.Add(new ModuleMember(DisplayName(f.Name), kind, f, CompileGetter(t, f)));
            }
        return [.. members];
    }

    static MemberKind? Classify(Type ft)
    {
        // A Tensor-typed field counts when it holds a Parameter at run time (checked when read).
        if (typeof(Parameter).IsAssignableFrom(ft) || ft == typeof(torch.Tensor)) return MemberKind.Parameter;
        if (typeof(Module).IsAssignableFrom(ft)) return MemberKind.Module;
        var element = ft.IsArray ? ft.GetElementType() : EnumerableElement(ft);
        if (element is null) return null;
        if (typeof(Parameter).IsAssignableFrom(element)) return MemberKind.Parameters;
        if (typeof(Module).IsAssignableFrom(element)) return MemberKind.Modules;
        return null;
    }

    static Type? EnumerableElement(Type ft)
    {
        if (ft.IsGenericType && ft.GetGenericTypeDefinition() == typeof(IEnumerable<>)) return ft.GetGenericArguments()[0];
        return ft.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            ?.GetGenericArguments()[0];
    }

    /// <summary><c>&lt;weight&gt;k__BackingField</c> (an auto-property) is shown as <c>weight</c>.</summary>
    internal static string DisplayName(string fieldName)
    {
        if (fieldName.StartsWith('<'))
        {
            int end = fieldName.IndexOf('>', StringComparison.Ordinal);
            if (end > 1) return fieldName[1..end];
        }
        return fieldName;
    }

    static Func<object, object?> CompileGetter(Type declaring, FieldInfo f)
    {
        var owner = Expression.Parameter(typeof(object), "owner");
        var read = Expression.Field(Expression.Convert(owner, declaring), f);
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(read, typeof(object)), owner).Compile();
    }

    /// <summary>The items of an array or list field, with their positions (null items keep their position).</summary>
    public static IEnumerable<(int Index, object? Item)> Items(object sequence)
    {
        int i = 0;
        foreach (var item in (IEnumerable)sequence) yield return (i++, item);
    }
}
