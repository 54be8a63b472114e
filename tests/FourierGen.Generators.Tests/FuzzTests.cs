extern alias Runtime;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Xunit.Abstractions;
using IAnalyticNetwork = Runtime::FourierGen.IAnalyticNetwork;
using IFourierNetwork = Runtime::FourierGen.IFourierNetwork;
using INetworkTrainer = Runtime::FourierGen.INetworkTrainer;
using TrainerOptions = Runtime::FourierGen.TrainerOptions;

namespace FourierGen.Generators.Tests;

/// <summary>
/// Issue 18's fuzzer, kept: random declarations from <see cref="FuzzDeclarations"/>, generated in process. For each one
/// whose user code is valid C# on its own: the generator does not throw and reports no FG9999; either it reports an FG
/// error, or user code plus generated code compile without errors (and without warnings in generated files) and emit;
/// and then the network constructs, predicts finite values, takes two training steps, saves and loads bit-identically,
/// and (with analytic kernels) has a finite NTK. Seeded: case i of seed s is the same declaration on every machine.
/// <c>FOURIERGEN_FUZZ_CASES</c> (default 200) and <c>FOURIERGEN_FUZZ_SEED</c> (default 18) choose the run; with
/// <c>FOURIERGEN_FUZZ_REPORT</c> set to a path, a summary is written there.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int DefaultCases = 200;
    private const ulong DefaultSeed = 18;

    /// <summary>What happened to one declaration.</summary>
    private enum Outcome
    {
        /// <summary>The user's code does not compile without the generator: not a generator case.</summary>
        InvalidUserCode,

        /// <summary>The generator reported an FG error (and so generated stubs or nothing).</summary>
        FGError,

        /// <summary>Compiled and passed the run-time probe.</summary>
        Ran,
    }

    [Fact]
    public void RandomDeclarationsNeverBreakTheGeneratorOrTheRuntime()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("FOURIERGEN_FUZZ_CASES"), out int n) ? n : DefaultCases;
        ulong seed = ulong.TryParse(Environment.GetEnvironmentVariable("FOURIERGEN_FUZZ_SEED"), out ulong s) ? s : DefaultSeed;
        var outcomes = new ConcurrentDictionary<Outcome, int>();
        var fgErrors = new ConcurrentDictionary<string, int>();
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var pcg = new PCG(0, seed);
        string? reportPath = Environment.GetEnvironmentVariable("FOURIERGEN_FUZZ_REPORT") is { Length: > 0 } path ? path : null;
        string directory = Directory.CreateTempSubdirectory("fouriergen-fuzz-").FullName;
        try
        {
            for (int i = 0; i < cases; i++)
            {
                if (reportPath is not null && i % 250 == 0)
                {
                    // Long runs leave a trace of how far they got.
                    File.WriteAllText(reportPath + ".progress", $"{i} cases in {clock.Elapsed.TotalSeconds:F0} s, failures {failures.Count}: " +
                        string.Join(", ", outcomes.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")) + "\n" + string.Join("\n\n", failures));
                }

                string caseSeed = pcg.ToString();
                FuzzDeclaration declaration = FuzzDeclarations.Declaration.Generate(pcg, null, out _);
                try
                {
                    Outcome outcome = Check(declaration, Path.Combine(directory, "w.fgw"), fgErrors);
                    outcomes.AddOrUpdate(outcome, 1, (_, c) => c + 1);
                }
                catch (Exception e)
                {
                    failures.Add($"case {i} (CsCheck seed {caseSeed}): {e.GetType().Name}: {e.Message}\n{declaration.Source}");
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        string summary = $"seed {seed}, {cases} cases in {clock.Elapsed.TotalSeconds:F0} s: " +
            string.Join(", ", outcomes.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")) + $", failures {failures.Count}; FG errors: " +
            string.Join(", ", fgErrors.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"));
        output.WriteLine(summary);
        if (reportPath is not null)
        {
            File.WriteAllText(reportPath, summary + "\n\n" + string.Join("\n\n", failures));
        }

        Assert.True(failures.Count == 0, summary + "\n\n" + string.Join("\n\n", failures.Take(5)));
        Assert.True(outcomes.GetValueOrDefault(Outcome.Ran) > 0, "no declaration reached the run-time probe: " + summary); // the probe must run
    }

    private static Outcome Check(FuzzDeclaration declaration, string weightsPath, ConcurrentDictionary<string, int> fgErrors)
    {
        if (GeneratorHarness.CreateCompilation(declaration.Source).GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return Outcome.InvalidUserCode;
        }

        // The probe is a second file: it names generated members, which stubs provide after an FG error.
        GeneratorRun run = GeneratorHarness.Run(declaration.Source, Probe(declaration.TypeName)); // asserts that the generator did not throw
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "FG9999");
        var errors = run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            foreach (Diagnostic error in errors)
            {
                fgErrors.AddOrUpdate(error.Id, 1, (_, c) => c + 1);
            }

            return Outcome.FGError;
        }

        var broken = run.OutputDiagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true))
            .ToList();
        Assert.True(broken.Count == 0, "compiles with no FG error but: " + GeneratorRun.Describe(broken.Take(5)));

        using var image = new MemoryStream();
        EmitResult emit = run.OutputCompilation.Emit(image);
        Assert.True(emit.Success, "emit failed: " + GeneratorRun.Describe(emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
        Exercise(image, weightsPath);
        return Outcome.Ran;
    }

    /// <summary>Entry points the test calls through the runtime's interfaces (the generated type may be a struct, nested, or oddly named).</summary>
    private static string Probe(string typeName) => $$"""
        public static class FuzzProbe
        {
            public static global::FourierGen.IFourierNetwork Create() => new {{typeName}}(seed: 1);

            public static global::FourierGen.IFourierNetwork Load(global::System.IO.Stream stream) => {{typeName}}.Load(stream);
        }
        """;

    /// <summary>Construct → Predict → 2 training steps → Save/Load → NTK, every value finite, the loaded network predicting the same bits.</summary>
    private static void Exercise(MemoryStream image, string weightsPath)
    {
        var context = new AssemblyLoadContext("fuzz", isCollectible: true);
        try
        {
            image.Position = 0;
            Type probe = context.LoadFromStream(image).GetType("FuzzProbe", throwOnError: true)!;
            var network = (IFourierNetwork)Invoke(probe, "Create");
            float[] input = Enumerable.Range(0, network.InputSize).Select(k => 0.3f - 0.2f * k).ToArray();
            float[] other = input.Select(v => -0.5f * v + 0.1f).ToArray();
            float[] prediction = new float[network.OutputSize];
            network.Predict(input, prediction);
            AssertFinite(prediction, "Predict");

            const int rows = 4;
            float[] inputs = Enumerable.Range(0, rows * network.InputSize).Select(k => (float)Math.Sin(k)).ToArray();
            float[] targets = Enumerable.Range(0, rows * network.OutputSize).Select(k => 0.5f * (float)Math.Cos(k)).ToArray();
            using (INetworkTrainer trainer = network.CreateTrainer(new TrainerOptions { Threads = 1 }))
            {
                for (int step = 0; step < 2; step++)
                {
                    float loss = trainer.Step(inputs, targets);
                    Assert.True(float.IsFinite(loss), $"training step {step + 1} loss {loss}");
                }
            }

            network.Predict(input, prediction);
            AssertFinite(prediction, "Predict after training");
            using var file = new MemoryStream();
            network.Save(file);
            file.Position = 0;
            var loaded = (IFourierNetwork)Invoke(probe, "Load", file);
            float[] reloaded = new float[network.OutputSize];
            loaded.Predict(input, reloaded);
            Assert.Equal(prediction, reloaded);
            if (network is IAnalyticNetwork analytic)
            {
                double ntk = analytic.Ntk(input, other);
                Assert.True(double.IsFinite(ntk), $"Ntk {ntk}");
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private static object Invoke(Type probe, string method, params object[] arguments)
    {
        try
        {
            return probe.GetMethod(method)!.Invoke(null, arguments)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    private static void AssertFinite(float[] values, string what) =>
        Assert.True(values.All(float.IsFinite), $"{what} gave {string.Join(", ", values)}");
}
