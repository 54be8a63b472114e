using FourierGen.Numerics;

namespace SampleKit;

/// <summary>
/// Adam on a plain array of parameters: the paper's "gridopt" baseline optimises the pixels (voxels) themselves.
/// </summary>
/// <remarks>
/// SAMPLE-LOCAL STAND-IN: the library's trainers run Adam on a network's parameters only, so this drives the library's
/// own Adam arithmetic (<see cref="OptimizerMath.TryAdam"/>, PyTorch's definition) over an array. A public optimiser
/// over arbitrary parameters belongs in the library (listed in the report of issue 14).
/// </remarks>
public sealed class GridAdam
{
    private readonly float[] _firstMoment, _secondMoment;
    private readonly double _learningRate;
    private long _step;

    /// <summary>Adam with PyTorch's β1 = 0.9, β2 = 0.999, ε = 1e-8 for <paramref name="length"/> parameters.</summary>
    public GridAdam(int length, double learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (!(learningRate > 0 && double.IsFinite(learningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be finite and positive.");
        }

        _firstMoment = new float[length];
        _secondMoment = new float[length];
        _learningRate = learningRate;
    }

    /// <summary>One update of <paramref name="parameters"/> from <paramref name="gradient"/>.</summary>
    /// <exception cref="FourierGen.TrainingDivergedException">The update is not finite; nothing was changed.</exception>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        long step = _step + 1;
        if (!OptimizerMath.TryAdam(parameters, gradient, _firstMoment, _secondMoment, new AdamCoefficients(_learningRate, 0.9, 0.999, 1e-8, step)))
        {
            throw new FourierGen.TrainingDivergedException(step, "the gridopt gradient or update is not finite");
        }

        _step = step;
    }
}
