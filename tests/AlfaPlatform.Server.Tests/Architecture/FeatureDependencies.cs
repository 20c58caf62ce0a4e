using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AlfaPlatform.Server.Tests.Architecture;

/// <summary>One type of the server naming another: where (the top-level type and member) and what.</summary>
/// <param name="Via">For a generic method's type argument, the type declaring the method (<c>StreamHistory</c> for <c>AllAsOfAsync&lt;Person&gt;</c>).</param>
public sealed record TypeReferenceSite(TypeDefinition From, string Member, TypeReference To, TypeReference? Via = null);

/// <summary>
/// Every type a compiled assembly names, read from its IL with Mono.Cecil: base types and interfaces, fields,
/// properties, signatures, locals, attributes, and every type, method and field an instruction names (with their
/// generic arguments, so <c>Query&lt;StreamRecord&lt;Person&gt;&gt;()</c> names <c>Person</c>). Compiler-made types (async state
/// machines, lambdas' closures) count as their declaring type's.
/// </summary>
public static class FeatureDependencies
{
    public static IEnumerable<TypeReferenceSite> ReferencesIn(ModuleDefinition module) =>
        module.GetTypes().SelectMany(type => ReferencesOf(type, TopLevel(type)));

    public static TypeDefinition TopLevel(TypeDefinition type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private static IEnumerable<TypeReferenceSite> ReferencesOf(TypeDefinition type, TypeDefinition owner)
    {
        var name = type.FullName;
        if (type.BaseType is { } baseType)
        {
            yield return new(owner, name, baseType);
        }

        foreach (var implemented in type.Interfaces)
        {
            yield return new(owner, name, implemented.InterfaceType);
        }

        foreach (var attribute in type.CustomAttributes)
        {
            yield return new(owner, name, attribute.AttributeType);
        }

        foreach (var field in type.Fields)
        {
            yield return new(owner, $"{name}.{field.Name}", field.FieldType);
        }

        foreach (var property in type.Properties)
        {
            yield return new(owner, $"{name}.{property.Name}", property.PropertyType);
        }

        foreach (var method in type.Methods)
        {
            var member = $"{name}.{method.Name}";
            yield return new(owner, member, method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                yield return new(owner, member, parameter.ParameterType);
            }

            if (!method.HasBody)
            {
                continue;
            }

            foreach (var local in method.Body.Variables)
            {
                yield return new(owner, member, local.VariableType);
            }

            foreach (var instruction in method.Body.Instructions)
            {
                foreach (var (named, via) in Named(instruction))
                {
                    yield return new(owner, member, named, via);
                }
            }
        }
    }

    private static IEnumerable<(TypeReference Type, TypeReference? Via)> Named(Instruction instruction)
    {
        switch (instruction.Operand)
        {
            case TypeReference type:
                yield return (type, null);
                break;
            case MethodReference method:
                yield return (method.DeclaringType, null);
                yield return (method.ReturnType, null);
                foreach (var parameter in method.Parameters)
                {
                    yield return (parameter.ParameterType, null);
                }

                if (method is GenericInstanceMethod generic)
                {
                    foreach (var argument in generic.GenericArguments)
                    {
                        yield return (argument, method.DeclaringType);
                    }
                }

                break;
            case FieldReference field:
                yield return (field.DeclaringType, null);
                yield return (field.FieldType, null);
                break;
        }
    }

    /// <summary>
    /// A type and every type inside it (the element of an array or by-ref, the generic arguments), each with the generic
    /// type it is an argument of (<paramref name="container"/>): <c>StreamRecord&lt;Person&gt;</c> yields <c>StreamRecord`1</c>,
    /// then <c>Person</c> inside <c>StreamRecord`1</c>.
    /// </summary>
    public static IEnumerable<(TypeReference Type, TypeReference? Container)> Flatten(TypeReference type, TypeReference? container = null)
    {
        switch (type)
        {
            case GenericInstanceType generic:
                yield return (generic.ElementType, container);
                foreach (var inner in generic.GenericArguments.SelectMany(argument => Flatten(argument, generic.ElementType)))
                {
                    yield return inner;
                }

                break;
            case TypeSpecification specification: // arrays, by-ref, pointers, modifiers
                foreach (var inner in Flatten(specification.ElementType, container))
                {
                    yield return inner;
                }

                break;
            case GenericParameter:
                break;
            default:
                yield return (type, container);
                break;
        }
    }

    /// <summary>The namespace of a type, nested ones by their outermost declaring type.</summary>
    public static string NamespaceOf(TypeReference type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type.Namespace;
    }
}
