using System.Diagnostics;
using System.Reflection;
using FourierGen;
using Xunit;
using Xunit.Sdk;

// Runs the xunit tests of FourierGen.Tests whose class's full name starts with one of the arguments, one at a time, and
// exits non-zero if any failed or none ran. It exists for hosts where `dotnet test` cannot run — the linux-arm64 build
// under qemu-aarch64 on an x64 machine, which is how CI runs the ARM64 (AdvSimd) kernels (.ci/arm64-check.sh). It
// understands what those tests use: [Fact] and [Theory] with any data attribute (InlineData, MemberData), Skip, async
// tests and disposable test classes. A test it cannot run (a class whose constructor takes arguments, a generic test
// method) is counted as failed, not skipped, so nothing drops out of the run unseen.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: FourierGen.TestRunner <namespace or class prefix>...  e.g. FourierGen.Tests.Numerics");
    return 2;
}

Assembly tests = typeof(FourierGen.Tests.Numerics.VectorWidthTests).Assembly;
Console.WriteLine($"{System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, FourierGen selects {Hardware.VectorWidth}");
int passed = 0, failed = 0, skipped = 0;
var clock = Stopwatch.StartNew();
foreach (Type type in tests.GetTypes().Where(t => t.IsClass && !t.IsAbstract && args.Any(p => t.FullName!.StartsWith(p, StringComparison.Ordinal))).OrderBy(t => t.FullName, StringComparer.Ordinal))
{
    foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).OrderBy(m => m.MetadataToken))
    {
        FactAttribute? fact = method.GetCustomAttribute<FactAttribute>();
        if (fact is null)
        {
            continue;
        }

        string name = $"{type.FullName}.{method.Name}";
        if (fact.Skip is not null)
        {
            skipped++;
            continue;
        }

        foreach ((string label, object?[] arguments, string? dataError) in Cases(method, fact, name))
        {
            string? error = dataError ?? Run(type, method, arguments);
            if (error is null)
            {
                passed++;
            }
            else
            {
                failed++;
                Console.WriteLine($"FAIL {label}\n     {error.Replace("\n", "\n     ", StringComparison.Ordinal)}");
            }
        }
    }
}

Console.WriteLine($"tests: {passed} passed, {failed} failed, {skipped} skipped ({clock.Elapsed.TotalSeconds:F0} s)");
return failed > 0 || passed == 0 ? 1 : 0;

// A fact is one case; a theory one case per row of each data attribute. A data source that throws, or a theory without
// data, is one case that fails with that error.
static IEnumerable<(string Label, object?[] Arguments, string? Error)> Cases(MethodInfo method, FactAttribute fact, string name)
{
    if (fact is not TheoryAttribute)
    {
        return [(name, [], null)];
    }

    var cases = new List<(string, object?[], string?)>();
    foreach (DataAttribute data in method.GetCustomAttributes<DataAttribute>())
    {
        try
        {
            foreach (object?[] row in data.GetData(method))
            {
                cases.Add(($"{name}({string.Join(", ", row.Select(a => a?.ToString() ?? "null"))})", row, null));
            }
        }
        catch (Exception e)
        {
            cases.Add((name, [], $"its {data.GetType().Name} threw {e.GetType().Name}: {e.Message}"));
        }
    }

    return cases.Count > 0 ? cases : [(name, [], "a theory with no data")];
}

// Null when the case passed, else what failed.
static string? Run(Type type, MethodInfo method, object?[] arguments)
{
    if (method.IsGenericMethodDefinition)
    {
        return "a generic test method (this runner does not infer type arguments)";
    }

    ParameterInfo[] parameters = method.GetParameters();
    if (parameters.Length != arguments.Length)
    {
        return $"{arguments.Length} arguments for {parameters.Length} parameters";
    }

    object? instance = null;
    try
    {
        if (!method.IsStatic)
        {
            ConstructorInfo? constructor = type.GetConstructor(Type.EmptyTypes);
            if (constructor is null)
            {
                return "the test class has no parameterless constructor (fixtures are not supported here)";
            }

            instance = constructor.Invoke(null);
        }

        object? result = method.Invoke(instance, parameters.Select((p, i) => Convert(arguments[i], p.ParameterType)).ToArray());
        if (result is Task task)
        {
            task.GetAwaiter().GetResult();
        }

        return null;
    }
    catch (Exception e)
    {
        Exception inner = e is TargetInvocationException { InnerException: { } cause } ? cause : e;
        return $"{inner.GetType().Name}: {inner.Message}";
    }
    finally
    {
        (instance as IDisposable)?.Dispose();
    }
}

// xunit's argument conversions that the tests rely on: numbers to a wider or enum parameter type.
static object? Convert(object? value, Type target)
{
    Type type = Nullable.GetUnderlyingType(target) ?? target;
    if (value is null || type.IsInstanceOfType(value))
    {
        return value;
    }

    if (type.IsEnum)
    {
        return Enum.ToObject(type, value);
    }

    return value is IConvertible ? System.Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture) : value;
}
