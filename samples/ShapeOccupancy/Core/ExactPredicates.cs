using System.Numerics;

namespace ShapeOccupancy;

/// <summary>
/// The signs of the two determinants the inside test needs, exact for any double inputs: a floating-point evaluation with
/// a forward error bound decides almost always; when the value is too close to zero to trust, it is recomputed exactly
/// with integers (every double is an integer times a power of two).
/// </summary>
public static class ExactPredicates
{
    // Relative error bounds of the double evaluations (Shewchuk's ccwerrboundA ≈ 3.3e-16 and o3derrboundA ≈ 7.8e-16),
    // taken a few times larger: a looser filter only sends more cases to the exact path.
    private const double Orient2DBound = 1e-15;
    private const double Orient3DBound = 4e-15;

    /// <summary>
    /// The sign of (b₁ − a₁)(p₂ − a₂) − (b₂ − a₂)(p₁ − a₁): which side of the line a→b the point p lies on, in the plane of
    /// two coordinates (here y and z).
    /// </summary>
    public static int Orient2D(double a1, double a2, double b1, double b2, double p1, double p2)
    {
        double left = (b1 - a1) * (p2 - a2), right = (b2 - a2) * (p1 - a1);
        double det = left - right;
        if (Math.Abs(det) > Orient2DBound * (Math.Abs(left) + Math.Abs(right)))
        {
            return Math.Sign(det);
        }

        Exact e = new(a1, a2, b1, b2, p1, p2);
        return ((e[2] - e[0]) * (e[5] - e[1]) - (e[3] - e[1]) * (e[4] - e[0])).Sign;
    }

    /// <summary>The sign of det[b − a; c − a; p − a] (rows): which side of the plane through a, b, c the point p lies on.</summary>
    public static int Orient3D(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, ReadOnlySpan<double> p)
    {
        double bx = b[0] - a[0], by = b[1] - a[1], bz = b[2] - a[2];
        double cx = c[0] - a[0], cy = c[1] - a[1], cz = c[2] - a[2];
        double px = p[0] - a[0], py = p[1] - a[1], pz = p[2] - a[2];
        double m1 = cy * pz - cz * py, m2 = cz * px - cx * pz, m3 = cx * py - cy * px;
        double det = bx * m1 + by * m2 + bz * m3;
        double permanent = Math.Abs(bx) * (Math.Abs(cy * pz) + Math.Abs(cz * py))
            + Math.Abs(by) * (Math.Abs(cz * px) + Math.Abs(cx * pz))
            + Math.Abs(bz) * (Math.Abs(cx * py) + Math.Abs(cy * px));
        if (Math.Abs(det) > Orient3DBound * permanent)
        {
            return Math.Sign(det);
        }

        Exact e = new(a[0], a[1], a[2], b[0], b[1], b[2], c[0], c[1], c[2], p[0], p[1], p[2]);
        BigInteger ebx = e[3] - e[0], eby = e[4] - e[1], ebz = e[5] - e[2];
        BigInteger ecx = e[6] - e[0], ecy = e[7] - e[1], ecz = e[8] - e[2];
        BigInteger epx = e[9] - e[0], epy = e[10] - e[1], epz = e[11] - e[2];
        return (ebx * (ecy * epz - ecz * epy) + eby * (ecz * epx - ecx * epz) + ebz * (ecx * epy - ecy * epx)).Sign;
    }

    /// <summary>Doubles as integers on one common scale: value_i = this[i]·2^shift exactly.</summary>
    private readonly struct Exact
    {
        private readonly BigInteger[] _values;

        public Exact(params ReadOnlySpan<double> values)
        {
            int lowest = int.MaxValue;
            var mantissas = new long[values.Length];
            var exponents = new int[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                (mantissas[i], exponents[i]) = Decompose(values[i]);
                if (mantissas[i] != 0)
                {
                    lowest = Math.Min(lowest, exponents[i]);
                }
            }

            _values = new BigInteger[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                _values[i] = mantissas[i] == 0 ? BigInteger.Zero : new BigInteger(mantissas[i]) << (exponents[i] - lowest);
            }
        }

        public BigInteger this[int i] => _values[i];

        // A finite double as mantissa·2^exponent with an integer mantissa.
        private static (long Mantissa, int Exponent) Decompose(double value)
        {
            long bits = BitConverter.DoubleToInt64Bits(value);
            bool negative = bits < 0;
            int exponent = (int)((bits >> 52) & 0x7FF);
            long mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
            if (exponent == 0)
            {
                exponent = 1; // subnormal (or zero)
            }
            else
            {
                mantissa |= 1L << 52;
            }

            return (negative ? -mantissa : mantissa, exponent - 1075);
        }
    }
}
