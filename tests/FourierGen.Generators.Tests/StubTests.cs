using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace FourierGen.Generators.Tests;

/// <summary>
/// A declaration with an FG error still gets every member, as a stub that throws: the user sees the FG error and not
/// a cascade of "no such member" errors from every line that uses the network.
/// </summary>
public sealed class StubTests
{
    /// <summary>User code touching every kind of member: constructor arguments, sizes, encode, predict, train, kernels, files, generics.</summary>
    private const string Use = """

        public static class Use
        {
            public static float Run(string path)
            {
                var net = new Net(seed: 1, frequencyScale: 2f, frequencies: default, amplitudes: default);
                float[] features = new float[Net.FeatureSize], y = new float[Net.OutputSize];
                net.Encode([0.5f, 0.25f], features);
                net.Predict([0.1f, 0.2f], y);
                net.PredictBatch(new float[2 * Net.InputSize], new float[2 * Net.OutputSize]);
                using Trainer<Net> trainer = net.CreateTrainer(new TrainerOptions());
                float loss = trainer.Step(new float[Net.InputSize], new float[Net.OutputSize]);
                double k = net.Ntk([0f, 0f], [1f, 1f]) + net.KernelOfDifference([0.0, 0.0]) + net.EmpiricalNtk([0f, 0f], [1f, 1f]);
                net.Save(path);
                Net loaded = Net.Load(path);
                return loss + (float)k + Net.ParameterCount + loaded.Parameters.Length + Generic(net) + Net.Fingerprint.Length;
            }

            private static int Generic<T>(T network) where T : IAnalyticNetwork<T> => T.InputSize + network.Seed;
        }
        """;

    [Fact]
    public void OneErrorAndNoCompilerErrors()
    {
        string source = DiagnosticTests.Net("[FourierNetwork(2, 3, Hidden = [64, /*<*/0/*>*/])]\n[GaussianFeatures(16, 10f)]") + Use;
        GeneratorRun run = GeneratorHarness.Run(source);

        Diagnostic error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("FG0004", error.Id);
        Assert.Equal("Hidden layer 2 has width 0; every hidden width must be between 1 and 16384", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        DiagnosticTests.AssertLocation(source, Markup.Span(source), error.Location);
        Assert.True(GeneratorRun.IsStub(run.SingleSource));
        Assert.True(run.OutputWarningsAndErrors.IsEmpty, GeneratorRun.Describe(run.OutputWarningsAndErrors));

        // Without the stubs the same code has errors on every line that uses the network.
        var withoutGenerator = GeneratorHarness.CreateCompilation(source);
        Assert.True(withoutGenerator.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error) >= 7);

        // The user code is the valid declaration's too: the stubs have the real members' signatures.
        GeneratorHarness.RunClean(source.Replace("/*<*/0/*>*/", "64"));
    }

    [Fact]
    public void CallingAStubThrowsSayingWhy()
    {
        string source = DiagnosticTests.Net("[FourierNetwork(2, 3, WeightStd = -1)]\n[GaussianFeatures(16, 10f)]") + Use;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Equal(["FG0013"], run.GeneratorDiagnostics.Select(d => d.Id));

        using var image = new MemoryStream();
        EmitResult emitted = run.OutputCompilation.Emit(image);
        Assert.True(emitted.Success, GeneratorRun.Describe(emitted.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext(nameof(StubTests), isCollectible: true);
        try
        {
            MethodInfo useRun = context.LoadFromStream(image).GetType("Demo.Use", throwOnError: true)!.GetMethod("Run")!;
            var thrown = Assert.Throws<TargetInvocationException>(() => useRun.Invoke(null, ["unused.fgw"]));
            Assert.IsType<InvalidOperationException>(thrown.InnerException);
            Assert.Contains("Net was not generated", thrown.InnerException!.Message);
        }
        finally
        {
            context.Unload();
        }
    }
}
