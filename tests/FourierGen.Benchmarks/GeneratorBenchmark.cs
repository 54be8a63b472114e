using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace FourierGen.Benchmarks;

/// <summary>
/// <c>--generator</c>: the source generator's cost in the three situations issue 18 sets targets for, timed with a
/// stopwatch through <see cref="CSharpGeneratorDriver"/> (BenchmarkDotNet cannot run a driver's incremental state):
/// an unrelated edit in a project of 10 networks (target ≤ 100 ms and no re-emit), a declaration with a 65 536-value
/// array (≤ 2 s) and baking a weight file of about a million parameters (≤ 10 s of compile time: generator plus emit).
/// The generator is loaded from its own build output (the project references it as an analyzer only).
/// </summary>
internal static class GeneratorBenchmark
{
    private const int Repeats = 5;

    /// <summary>Baking takes seconds of CPU per run: fewer repeats.</summary>
    private const int BakingRepeats = 2;

    public static void Run()
    {
        IIncrementalGenerator generator = LoadGenerator();
        MetadataReference[] references = References();
        UnrelatedEdit(generator, references);
        LargeArray(generator, references);
        Baking(generator, references);
    }

    private static void UnrelatedEdit(IIncrementalGenerator generator, MetadataReference[] references)
    {
        SyntaxTree[] networks = Enumerable.Range(0, 10).Select(k => Parse($"""
            using FourierGen;
            namespace Project;
            [FourierNetwork(2, 3, Hidden = [256, 256, 256])]
            [GaussianFeatures(256, 10f)]
            public partial class Net{k};
            """)).ToArray();
        CSharpCompilation compilation = Compilation(networks, references);
        GeneratorDriver driver = Driver(generator).RunGenerators(compilation);
        var times = new List<double>();
        var cpus = new List<double>();
        int reemitted = 0;
        for (int edit = 0; edit < 20; edit++)
        {
            compilation = compilation.AddSyntaxTrees(Parse($"namespace Project; class Unrelated{edit} {{ }}"));
            Add(times, cpus, Time(() => driver = driver.RunGenerators(compilation)));
            reemitted += driver.GetRunResult().Results[0].TrackedOutputSteps.SelectMany(p => p.Value).SelectMany(s => s.Outputs)
                .Count(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified);
        }

        Console.WriteLine($"10 networks, an unrelated edit: wall {Describe(times)} ms, CPU {Describe(cpus)} ms per run; outputs re-emitted over 20 edits: {reemitted}");
    }

    private static void LargeArray(IIncrementalGenerator generator, MetadataReference[] references)
    {
        // 4 inputs × 16 384 frequencies (the limit) = 65 536 values, and 16 384 amplitudes.
        string frequencies = string.Join(", ", Enumerable.Range(0, 65_536).Select(k => (0.5f + k % 97).ToString("R", CultureInfo.InvariantCulture) + "f"));
        string amplitudes = string.Join(", ", Enumerable.Range(0, 16_384).Select(k => "1f"));
        string source = $"""
            using FourierGen;
            namespace Project;
            [FourierNetwork(4, 1, Hidden = [8])]
            [FourierFeatures([{frequencies}], [{amplitudes}])]
            public partial class Wide;
            """;
        List<double> generatorTimes = [], generatorCpus = [], compilerTimes = [], compilerCpus = [];
        for (int repeat = 0; repeat < Repeats; repeat++)
        {
            CSharpCompilation compilation = Compilation([Parse(source)], references);
            Add(compilerTimes, compilerCpus, Time(() => compilation.GetDeclarationDiagnostics()));

            compilation = Compilation([Parse(source)], references);
            GeneratorDriver driver = Driver(generator);
            Add(generatorTimes, generatorCpus, Time(() => driver = driver.RunGenerators(compilation)));
            Check(driver);
        }

        Console.WriteLine($"65 536-value FourierFeatures: generator run wall {Describe(generatorTimes)} ms, CPU {Describe(generatorCpus)} ms " +
            $"(fresh compilation and driver); the compiler's own declaration pass over the same source wall {Describe(compilerTimes)} ms, CPU {Describe(compilerCpus)} ms");
    }

    private static void Baking(IIncrementalGenerator generator, MetadataReference[] references)
    {
        string directory = Directory.CreateTempSubdirectory("fouriergen-bake-").FullName;
        string path = Path.Combine(directory, "million.fgw");
        new MillionNet(seed: 3).Save(path);
        try
        {
            string source = """
                using FourierGen;
                namespace Project;
                [FourierNetwork(2, 3, Hidden = [512, 512, 512, 512], Weights = "million.fgw")]
                [GaussianFeatures(256, 10f)]
                public partial class BakedNet;
                """;
            List<double> generatorTimes = [], generatorCpus = [], emitTimes = [], emitCpus = [];
            long generatedLength = 0;
            for (int repeat = 0; repeat < BakingRepeats; repeat++)
            {
                CSharpCompilation compilation = Compilation([Parse(source)], references);
                GeneratorDriver driver = Driver(generator).AddAdditionalTexts([new DiskText(path)]);
                Compilation output = compilation;
                Add(generatorTimes, generatorCpus, Time(() => driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out output, out _)));
                Check(driver);
                generatedLength = driver.GetRunResult().Results[0].GeneratedSources.Sum(s => (long)s.SourceText.Length);

                Microsoft.CodeAnalysis.Emit.EmitResult? emit = null;
                Add(emitTimes, emitCpus, Time(() => emit = output.Emit(Stream.Null)));
                if (!emit!.Success)
                {
                    throw new InvalidOperationException("The baked network does not compile: " + string.Join("; ", emit.Diagnostics.Take(3)));
                }
            }

            Console.WriteLine($"Baking {MillionNet.ParameterCount:N0} parameters: generator wall {Describe(generatorTimes)} ms, CPU {Describe(generatorCpus)} ms; " +
                $"then compiling the {generatedLength / 1e6:F1} M characters generated (Emit) wall {Describe(emitTimes)} ms, CPU {Describe(emitCpus)} ms");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Check(GeneratorDriver driver)
    {
        GeneratorRunResult result = driver.GetRunResult().Results[0];
        if (result.Exception is not null || result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException("The generator failed: " + (result.Exception?.Message ?? string.Join("; ", result.Diagnostics)));
        }
    }

    private static string Describe(List<double> times)
    {
        double[] sorted = times.Order().ToArray();
        return $"min {sorted[0]:F1}, median {sorted[sorted.Length / 2]:F1}";
    }

    /// <summary>
    /// Wall-clock and process CPU milliseconds of <paramref name="action"/>. On a shared, overloaded machine the wall time
    /// mostly measures the wait for a core; the CPU time (all the process's threads) is the work done.
    /// </summary>
    private static (double Wall, double Cpu) Time(Action action)
    {
        var process = Process.GetCurrentProcess();
        TimeSpan cpu = process.TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        action();
        double wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu).TotalMilliseconds);
    }

    private static void Add(List<double> walls, List<double> cpus, (double Wall, double Cpu) time)
    {
        walls.Add(time.Wall);
        cpus.Add(time.Cpu);
    }

    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);

    private static SyntaxTree Parse(string source) => CSharpSyntaxTree.ParseText(source, ParseOptions);

    private static CSharpCompilation Compilation(SyntaxTree[] trees, MetadataReference[] references) =>
        CSharpCompilation.Create("Project", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));

    private static GeneratorDriver Driver(IIncrementalGenerator generator) =>
        CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static MetadataReference[] References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !p.Contains("FourierGen.Generators", StringComparison.Ordinal))
            .Append(typeof(FourierNetworkAttribute).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();

    private static IIncrementalGenerator LoadGenerator()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "generator", "FourierGen.Generators.dll");
        Type type = Assembly.LoadFrom(path).GetType("FourierGen.Generators.FourierNetworkGenerator", throwOnError: true)!;
        return (IIncrementalGenerator)Activator.CreateInstance(type)!;
    }

    /// <summary>A weight file as the build passes it: an AdditionalFiles item the generator reads as bytes.</summary>
    private sealed class DiskText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText? GetText(CancellationToken cancellationToken = default) => throw new InvalidOperationException("binary");
    }
}
