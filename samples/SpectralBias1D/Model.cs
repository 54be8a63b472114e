using FourierGen;

namespace SpectralBias1D;

/// <summary>
/// One declared network seen through the members the experiments use, so that a list of mappings
/// (each its own generated type) can be run by one loop.
/// </summary>
public abstract class Model
{
    /// <summary>The number of trainable parameters.</summary>
    public abstract int ParameterCount { get; }

    /// <summary>B (frequencies × 1); empty for raw inputs.</summary>
    public abstract ReadOnlySpan<float> Frequencies { get; }

    /// <summary>The network's outputs for every row of <paramref name="inputs"/>.</summary>
    public abstract void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>A trainer for this network.</summary>
    public abstract INetworkTrainer CreateTrainer(TrainerOptions options);

    /// <summary>The analytic NTK of the infinitely wide network between every pair of rows.</summary>
    public abstract void NtkMatrix(ReadOnlySpan<float> xs1, ReadOnlySpan<float> xs2, Span<double> k);

    /// <summary>The analytic NTK Θ(x₁, x₂).</summary>
    public abstract double Ntk(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2);

    /// <summary>Wraps a generated network.</summary>
    public static Model Of<T>(T network)
        where T : IAnalyticNetwork<T> => new Typed<T>(network);

    /// <summary>The outputs of every row as a new array.</summary>
    public float[] Predict(float[] inputs)
    {
        var outputs = new float[inputs.Length];
        PredictBatch(inputs, outputs);
        return outputs;
    }

    private sealed class Typed<T>(T network) : Model
        where T : IAnalyticNetwork<T>
    {
        public override int ParameterCount => T.ParameterCount;

        public override ReadOnlySpan<float> Frequencies => network.Frequencies;

        public override void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => network.PredictBatch(inputs, outputs);

        public override INetworkTrainer CreateTrainer(TrainerOptions options) => network.CreateTrainer(options);

        public override void NtkMatrix(ReadOnlySpan<float> xs1, ReadOnlySpan<float> xs2, Span<double> k) => network.NtkMatrix(xs1, xs2, k);

        public override double Ntk(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2) => network.Ntk(x1, x2);
    }
}

/// <summary>Reports progress of an experiment: a task's label and the fraction of it done (0..1).</summary>
public delegate void ProgressReport(string task, double fraction);

/// <summary>A bad option value or an unknown name; the CLI prints its message as one line.</summary>
public sealed class UsageException(string message) : Exception(message);
