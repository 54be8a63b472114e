using SampleKit;

namespace Tomography2D;

/// <summary>
/// The paper's CT loss L(f) = ½·mean((P·f − y)²) over the K·N sinogram values, y = P·(true image), and its gradient
/// ∂L/∂f = Pᵀ(P·f − y)/(K·N): what the sample feeds the trainer's <c>Backward</c> (the caller-gradient half of its two-phase step).
/// </summary>
public sealed class ProjectionLoss : IFieldLoss
{
    private readonly ParallelProjection _projection;
    private readonly double[] _measured;
    private readonly double[] _field, _residual, _gradient;

    /// <summary>The loss against the measurements <paramref name="measured"/> (a sinogram of <paramref name="projection"/>).</summary>
    public ProjectionLoss(ParallelProjection projection, double[] measured)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(measured);
        if (measured.Length != projection.MeasurementCount)
        {
            throw new ArgumentException($"the measurements must hold {projection.MeasurementCount} values, not {measured.Length}.", nameof(measured));
        }

        _projection = projection;
        _measured = measured;
        _field = new double[projection.Size * projection.Size];
        _residual = new double[projection.MeasurementCount];
        _gradient = new double[_field.Length];
    }

    /// <inheritdoc/>
    public int FieldLength => _field.Length;

    /// <inheritdoc/>
    public double Evaluate(ReadOnlySpan<float> field, Span<float> gradient)
    {
        for (int i = 0; i < _field.Length; i++)
        {
            _field[i] = field[i];
        }

        double loss = Evaluate(_field, _gradient);
        for (int i = 0; i < _gradient.Length; i++)
        {
            gradient[i] = (float)_gradient[i];
        }

        return loss;
    }

    /// <summary>L and ∂L/∂f in float64 (the float overload converts to this one).</summary>
    public double Evaluate(ReadOnlySpan<double> field, Span<double> gradient)
    {
        _projection.Project(field, _residual);
        double sum = 0;
        int m = _residual.Length;
        for (int i = 0; i < m; i++)
        {
            double r = _residual[i] - _measured[i];
            sum += r * r;
            _residual[i] = r / m;
        }

        _projection.Backproject(_residual, gradient);
        return 0.5 * sum / m;
    }
}
