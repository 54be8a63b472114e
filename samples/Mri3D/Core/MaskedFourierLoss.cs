using System.Numerics;
using FourierGen.Spectral;
using SampleKit;

namespace Mri3D;

/// <summary>
/// The paper's MRI loss L(f) = ½·mean|M ⊙ F₃f − M ⊙ F₃g|² over all n³ k-space points (F₃ the unnormalised 3-D DFT, M the
/// 0/1 mask, g the true volume) and its gradient ∂L/∂f = Re(F₃ᴴ[M ⊙ (F₃f − F₃g)])/n³ — the adjoint FFT — which the sample
/// feeds the trainer's caller-gradient step.
/// </summary>
/// <remarks>The paper's notebook compares M ⊙ F₃f with the unmasked F₃g; that differs from this loss by a constant, with the same gradient.</remarks>
public sealed class MaskedFourierLoss : IFieldLoss
{
    private readonly int _size;
    private readonly bool[] _mask;
    private readonly FftPlan _plan;
    private readonly double[] _measuredRe, _measuredIm;
    private readonly double[] _re, _im;

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
        _plan = Fft3.Plan(size);
        _re = new double[n];
        _im = new double[n];
        _measuredRe = new double[n];
        _measuredIm = new double[n];
        for (int i = 0; i < n; i++)
        {
            _measuredRe[i] = truth[i];
        }

        _plan.Forward(_measuredRe, _measuredIm);
        for (int i = 0; i < n; i++)
        {
            if (!mask[i])
            {
                _measuredRe[i] = _measuredIm[i] = 0;
            }
        }
    }

    /// <inheritdoc/>
    public int FieldLength => _re.Length;

    /// <summary>The side n of the volume.</summary>
    public int Size => _size;

    /// <inheritdoc/>
    public double Evaluate(ReadOnlySpan<float> field, Span<float> gradient)
    {
        for (int i = 0; i < _re.Length; i++)
        {
            _re[i] = field[i];
        }

        double loss = ResidualAndAdjoint();
        for (int i = 0; i < _re.Length; i++)
        {
            gradient[i] = (float)_re[i];
        }

        return loss;
    }

    /// <summary>L and ∂L/∂f in float64.</summary>
    public double Evaluate(ReadOnlySpan<double> field, Span<double> gradient)
    {
        field.CopyTo(_re);
        double loss = ResidualAndAdjoint();
        _re.AsSpan().CopyTo(gradient);
        return loss;
    }

    /// <summary>y = M ⊙ F₃x (the measurement operator A), in place.</summary>
    public void Measure(Complex[] volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        Fft3.Forward(volume, _size);
        ApplyMask(volume);
    }

    /// <summary>x = F₃ᴴ(M ⊙ y) (the adjoint Aᴴ), in place: ⟨A x, y⟩ = ⟨x, Aᴴ y⟩.</summary>
    public void Adjoint(Complex[] spectrum)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        ApplyMask(spectrum);
        Fft3.Adjoint(spectrum, _size);
    }

    // f in the real parts → F₃f → residual r = M ⊙ F₃f − M ⊙ F₃g → F₃ᴴ r / n³ in the real parts; returns ½·mean|r|².
    private double ResidualAndAdjoint()
    {
        Array.Clear(_im);
        _plan.Forward(_re, _im);
        double sum = 0;
        int n = _re.Length;
        for (int i = 0; i < n; i++)
        {
            double re = 0, im = 0;
            if (_mask[i])
            {
                re = _re[i] - _measuredRe[i];
                im = _im[i] - _measuredIm[i];
                sum += re * re + im * im;
            }

            _re[i] = re / n;
            _im[i] = im / n;
        }

        Fft3.Adjoint(_plan, _re, _im);
        return 0.5 * sum / n;
    }

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
}
