using FourierGen;

namespace SampleKit;

/// <summary>
/// Adam (β1 = 0.9, β2 = 0.999, ε = 1e-8; jax's <c>optimizers.adam</c> and PyTorch's definition) on a plain array of
/// parameters: the paper's "gridopt" baseline optimises the pixels (voxels) themselves.
/// </summary>
/// <remarks>
/// Written here rather than taken from the library: the library's trainers run Adam on a network's parameters, and this
/// baseline is the only place that needs it over a bare array. It is not a hot path (one elementwise pass per step next to
/// the projections or FFTs of the loss), so plain scalar float64 arithmetic is enough, and the library keeps no public
/// surface for it.
/// </remarks>
public sealed class GridAdam
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    private readonly double[] _firstMoment, _secondMoment;
    private readonly double _learningRate;
    private long _step;

    /// <summary>Adam with learning rate <paramref name="learningRate"/> for <paramref name="length"/> parameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is not positive or the rate is not finite and positive.</exception>
    public GridAdam(int length, double learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (!(learningRate > 0 && double.IsFinite(learningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be finite and positive.");
        }

        _firstMoment = new double[length];
        _secondMoment = new double[length];
        _learningRate = learningRate;
    }

    /// <summary>Steps taken so far.</summary>
    public long StepCount => _step;

    /// <summary>One update θ ← θ − lr·m̂/(√v̂ + ε) of <paramref name="parameters"/> from <paramref name="gradient"/>.</summary>
    /// <exception cref="ArgumentException">The spans do not both hold the optimiser's length.</exception>
    /// <exception cref="TrainingDivergedException">The gradient is not finite; nothing was changed.</exception>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        if (parameters.Length != _firstMoment.Length || gradient.Length != _firstMoment.Length)
        {
            throw new ArgumentException($"the parameters and the gradient must hold {_firstMoment.Length} values.", nameof(parameters));
        }

        long step = _step + 1;
        for (int i = 0; i < gradient.Length; i++)
        {
            if (!float.IsFinite(gradient[i]))
            {
                throw new TrainingDivergedException(step, $"the gridopt gradient is {gradient[i]} at {i}");
            }
        }

        double stepSize = _learningRate / (1 - Math.Pow(Beta1, step));
        double correction2 = Math.Sqrt(1 - Math.Pow(Beta2, step));
        for (int i = 0; i < parameters.Length; i++)
        {
            double g = gradient[i];
            double m = _firstMoment[i] = Beta1 * _firstMoment[i] + (1 - Beta1) * g;
            double v = _secondMoment[i] = Beta2 * _secondMoment[i] + (1 - Beta2) * g * g;
            parameters[i] = (float)(parameters[i] - stepSize * m / (Math.Sqrt(v) / correction2 + Epsilon));
        }

        _step = step;
    }
}
