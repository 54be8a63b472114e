using System.Numerics;
using SampleKit;

namespace Mri3D;

/// <summary>
/// The paper's MRI loss L(f) = ½·mean|M ⊙ F₃f − M ⊙ F₃g|² over all n³ k-space points (F₃ the unnormalised 3-D DFT, M the
/// 0/1 mask, g the true volume) and its gradient ∂L/∂f = Re(F₃ᴴ[M ⊙ (F₃f − F₃g)])/n³ — the adjoint FFT — which the sample
/// feeds the trainer's caller-gradient <c>Step</c>.
/// </summary>
/// <remarks>The paper's notebook compares M ⊙ F₃f with the unmasked F₃g; that differs from this loss by a constant, with the same gradient.</remarks>
public sealed class MaskedFourierLoss : IFieldLoss
{
    private readonly int _size;
    private readonly bool[] _mask;
    private readonly Complex[] _measured;
    private readonly Complex[] _buffer;

    /// <summary>The loss of a volume against the masked spectrum of <paramref name="truth"/> (side <paramref name="size"/>).</summary>
    public MaskedFourierLoss(int size, bool[] mask, ReadOnlySpan<float> truth)
    {
        ArgumentNullException.ThrowIfNull(mask);
        int n = size * size * size;
        if (mask.Length != n || truth.Length != n)
        {
            throw new ArgumentException($"the mask and the volume must hold {size}³ = {n} values.", nameof(mask));
        }

        _size = size;
        _mask = mask;
        _buffer = new Complex[n];
        _measured = new Complex[n];
        for (int i = 0; i < n; i++)
        {
            _measured[i] = truth[i];
        }

        Forward(_measured);
        for (int i = 0; i < n; i++)
        {
            _measured[i] = mask[i] ? _measured[i] : Complex.Zero;
        }
    }

    /// <inheritdoc/>
    public int FieldLength => _buffer.Length;

    /// <summary>The masked spectrum M ⊙ F₃g the loss compares with.</summary>
    public ReadOnlySpan<Complex> Measured => _measured;

    /// <inheritdoc/>
    public double Evaluate(ReadOnlySpan<float> field, Span<float> gradient)
    {
        for (int i = 0; i < _buffer.Length; i++)
        {
            _buffer[i] = field[i];
        }

        double loss = ResidualAndAdjoint();
        for (int i = 0; i < _buffer.Length; i++)
        {
            gradient[i] = (float)_buffer[i].Real;
        }

        return loss;
    }

    /// <summary>L and ∂L/∂f in float64.</summary>
    public double Evaluate(ReadOnlySpan<double> field, Span<double> gradient)
    {
        for (int i = 0; i < _buffer.Length; i++)
        {
            _buffer[i] = field[i];
        }

        double loss = ResidualAndAdjoint();
        for (int i = 0; i < _buffer.Length; i++)
        {
            gradient[i] = _buffer[i].Real;
        }

        return loss;
    }

    /// <summary>y = M ⊙ F₃x (the measurement operator A), in place.</summary>
    public void Measure(Complex[] volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        Forward(volume);
        ApplyMask(volume);
    }

    /// <summary>x = F₃ᴴ(M ⊙ y) (the adjoint Aᴴ), in place: ⟨A x, y⟩ = ⟨x, Aᴴ y⟩.</summary>
    public void Adjoint(Complex[] spectrum)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        ApplyMask(spectrum);
        Fft3.Adjoint(spectrum, _size);
    }

    // F₃f in the buffer → residual r = M ⊙ F₃f − M ⊙ F₃g → buffer = F₃ᴴ r / n³; returns ½·mean|r|².
    private double ResidualAndAdjoint()
    {
        Forward(_buffer);
        double sum = 0;
        int n = _buffer.Length;
        for (int i = 0; i < n; i++)
        {
            Complex r = _mask[i] ? _buffer[i] - _measured[i] : Complex.Zero;
            sum += r.Real * r.Real + r.Imaginary * r.Imaginary;
            _buffer[i] = r / n;
        }

        Fft3.Adjoint(_buffer, _size);
        return 0.5 * sum / n;
    }

    private void Forward(Complex[] volume) => Fft3.Forward(volume, _size);

    private void ApplyMask(Complex[] spectrum)
    {
        for (int i = 0; i < spectrum.Length; i++)
        {
            if (!_mask[i])
            {
                spectrum[i] = Complex.Zero;
            }
        }
    }

    /// <summary>The side n of the volume.</summary>
    public int Size => _size;
}
