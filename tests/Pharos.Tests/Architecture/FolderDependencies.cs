using System.Reflection;
using System.Reflection.Emit;

namespace Pharos.Tests.Architecture;

/// <summary>
/// Which top-level folders of the Pharos assembly use which, read from the compiled code (signatures and method
/// bodies), so a fully qualified or relative name counts as much as a using directive. A folder is the namespace
/// segment after "Pharos." (Pharos.Monitoring.State is the folder Monitoring).
/// </summary>
internal static class FolderDependencies
{
    private static readonly Dictionary<short, OpCode> OpCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    public static Dictionary<string, HashSet<string>> Of(Assembly assembly)
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var from = FolderOf(type);
            if (from is null)
            {
                continue;
            }

            var edges = graph.TryGetValue(from, out var e) ? e : graph[from] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var used in TypesUsedBy(type))
            {
                if (used.Assembly == assembly && FolderOf(used) is { } to && to != from)
                {
                    edges.Add(to);
                }
            }
        }

        return graph;
    }

    /// <summary>The cycles among folders: each strongly connected group of two or more, as sorted names.</summary>
    public static List<string> Cycles(Dictionary<string, HashSet<string>> graph)
    {
        var index = 0;
        var stack = new Stack<string>();
        var on = new HashSet<string>();
        var idx = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var result = new List<string>();
        void Visit(string v)
        {
            idx[v] = low[v] = index++;
            stack.Push(v);
            on.Add(v);
            foreach (var w in graph.GetValueOrDefault(v) ?? [])
            {
                if (!idx.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (on.Contains(w))
                {
                    low[v] = Math.Min(low[v], idx[w]);
                }
            }

            if (low[v] == idx[v])
            {
                var group = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    on.Remove(w);
                    group.Add(w);
                }
                while (w != v);
                if (group.Count > 1)
                {
                    result.Add(string.Join(" <-> ", group.Order(StringComparer.Ordinal)));
                }
            }
        }

        foreach (var v in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!idx.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return result.Order(StringComparer.Ordinal).ToList();
    }

    private static string? FolderOf(Type type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        var ns = type.Namespace;
        if (ns is null || !ns.StartsWith("Pharos.", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns["Pharos.".Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static IEnumerable<Type> TypesUsedBy(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<Type>();
        void Add(Type? t)
        {
            if (t is null)
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }

            found.Add(t);
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var a in t.GetGenericArguments())
                {
                    Add(a);
                }
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(i);
        }

        foreach (var f in type.GetFields(all))
        {
            Add(f.FieldType);
        }

        foreach (var p in type.GetProperties(all))
        {
            Add(p.PropertyType);
        }

        foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (m is MethodInfo mi)
            {
                Add(mi.ReturnType);
            }

            foreach (var p in m.GetParameters())
            {
                Add(p.ParameterType);
            }

            foreach (var t in TypesInBody(m))
            {
                Add(t);
            }
        }

        return found;
    }

    /// <summary>The types a method body names: its locals and every type, method and field token in its IL.</summary>
    private static IEnumerable<Type> TypesInBody(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }

        var il = body.GetILAsByteArray() ?? [];
        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var pos = 0; pos < il.Length;)
        {
            OpCode op;
            if (il[pos] == 0xFE)
            {
                op = OpCodes[unchecked((short)(0xFE00 | il[pos + 1]))];
                pos += 2;
            }
            else
            {
                op = OpCodes[il[pos]];
                pos += 1;
            }

            if (op.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                var token = BitConverter.ToInt32(il, pos);
                Type? resolved = null;
                try
                {
                    var member = method.Module.ResolveMember(token, typeArgs, methodArgs);
                    resolved = member as Type ?? member?.DeclaringType;
                }
                catch (ArgumentException)
                {
                    // A token from another generic context; its declaring type is seen elsewhere.
                }

                if (resolved is not null)
                {
                    yield return resolved;
                }
            }

            pos += OperandSize(op, il, pos);
        }
    }

    private static int OperandSize(OpCode op, byte[] il, int pos) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, pos)),
        _ => 4,
    };
}
