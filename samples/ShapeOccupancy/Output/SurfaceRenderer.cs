using SampleKit.Pictures;

namespace ShapeOccupancy.Output;

/// <summary>
/// Shaded pictures of the surface {field = 0} of a field sampled at the centres of a G³ grid over the unit cube (positive
/// inside): rays from a perspective camera march through the trilinear interpolation, the first crossing is refined by
/// bisection, and the point is lit by its normal (the field's gradient) — the same renderer for the ground truth and for
/// every network, so their pictures compare directly.
/// </summary>
public static class SurfaceRenderer
{
    private static readonly double[] s_background = [1, 1, 1];
    private static readonly double[] s_colour = [0.62, 0.72, 0.86];

    /// <summary>Renders <paramref name="field"/> (G³ values, index (i·G + j)·G + k for x, y, z) as a <paramref name="pixels"/>² picture.</summary>
    public static Raster Render(float[] field, int g, int pixels = 256)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Length != g * g * g)
        {
            throw new ArgumentException($"the field must hold {g}³ values.", nameof(field));
        }

        // Camera: in front of the bunny's face and a little above (y is up), looking at the cube's centre.
        double[] centre = [0.5, 0.5, 0.5];
        double[] forward = Normalize([-0.55, -0.35, -0.76]);
        double[] eye = [centre[0] - 1.9 * forward[0], centre[1] - 1.9 * forward[1], centre[2] - 1.9 * forward[2]];
        double[] right = Normalize(Cross(forward, [0, 1, 0]));
        double[] up = Cross(right, forward);
        double[] light = Normalize([-forward[0] + 0.4, -forward[1] + 0.8, -forward[2] + 0.2]);
        double focal = 1 / Math.Tan(Math.PI / 180 * 20); // 40° field of view
        double step = 0.5 / g;
        var rgb = new float[pixels * pixels * 3];
        Parallel.For(0, pixels, row =>
        {
            Span<double> direction = stackalloc double[3];
            for (int column = 0; column < pixels; column++)
            {
                double u = (2 * (column + 0.5) / pixels - 1), v = 1 - 2 * (row + 0.5) / pixels;
                for (int a = 0; a < 3; a++)
                {
                    direction[a] = focal * forward[a] + u * right[a] + v * up[a];
                }

                double length = Math.Sqrt(direction[0] * direction[0] + direction[1] * direction[1] + direction[2] * direction[2]);
                for (int a = 0; a < 3; a++)
                {
                    direction[a] /= length;
                }

                double[] colour = Trace(field, g, eye, direction, step, light) ?? s_background;
                for (int a = 0; a < 3; a++)
                {
                    rgb[3 * (row * pixels + column) + a] = (float)colour[a];
                }
            }
        });
        return new Raster(pixels, pixels, rgb);
    }

    private static double[]? Trace(float[] field, int g, double[] eye, ReadOnlySpan<double> direction, double step, double[] light)
    {
        // The ray's segment inside the unit cube (slab method).
        double near = 0, far = double.MaxValue;
        for (int a = 0; a < 3; a++)
        {
            double inverse = 1 / direction[a];
            double t0 = (0 - eye[a]) * inverse, t1 = (1 - eye[a]) * inverse;
            (near, far) = (Math.Max(near, Math.Min(t0, t1)), Math.Min(far, Math.Max(t0, t1)));
        }

        if (near >= far)
        {
            return null;
        }

        double previous = Sample(field, g, eye, direction, near);
        for (double t = near + step; t <= far; t += step)
        {
            double value = Sample(field, g, eye, direction, t);
            if (previous <= 0 && value > 0)
            {
                double low = t - step, high = t;
                for (int k = 0; k < 10; k++)
                {
                    double middle = 0.5 * (low + high);
                    (low, high) = Sample(field, g, eye, direction, middle) > 0 ? (low, middle) : (middle, high);
                }

                return Shade(field, g, eye, direction, high, light);
            }

            previous = value;
        }

        return null;
    }

    private static double[] Shade(float[] field, int g, double[] eye, ReadOnlySpan<double> direction, double t, double[] light)
    {
        double[] p = [eye[0] + t * direction[0], eye[1] + t * direction[1], eye[2] + t * direction[2]];
        double h = 0.75 / g;
        double[] normal = new double[3];
        for (int a = 0; a < 3; a++)
        {
            double[] plus = (double[])p.Clone(), minus = (double[])p.Clone();
            plus[a] += h;
            minus[a] -= h;
            normal[a] = Trilinear(field, g, minus) - Trilinear(field, g, plus); // the field rises inwards: −∇f points out
        }

        normal = Normalize(normal);
        double diffuse = Math.Max(0, normal[0] * light[0] + normal[1] * light[1] + normal[2] * light[2]);
        double facing = Math.Max(0, -(normal[0] * direction[0] + normal[1] * direction[1] + normal[2] * direction[2]));
        double intensity = 0.22 + 0.62 * diffuse + 0.16 * facing;
        return [Math.Min(1, s_colour[0] * intensity + 0.05), Math.Min(1, s_colour[1] * intensity + 0.05), Math.Min(1, s_colour[2] * intensity + 0.05)];
    }

    private static double Sample(float[] field, int g, double[] eye, ReadOnlySpan<double> direction, double t) =>
        Trilinear(field, g, [eye[0] + t * direction[0], eye[1] + t * direction[1], eye[2] + t * direction[2]]);

    // Trilinear interpolation between the cell centres (i + ½)/G, clamped at the faces.
    private static double Trilinear(float[] field, int g, ReadOnlySpan<double> p)
    {
        Span<int> i0 = stackalloc int[3];
        Span<double> f = stackalloc double[3];
        for (int a = 0; a < 3; a++)
        {
            double x = Math.Clamp(p[a] * g - 0.5, 0, g - 1.000001);
            i0[a] = (int)x;
            f[a] = x - i0[a];
        }

        double sum = 0;
        for (int corner = 0; corner < 8; corner++)
        {
            int dx = corner & 1, dy = (corner >> 1) & 1, dz = corner >> 2;
            double w = (dx == 1 ? f[0] : 1 - f[0]) * (dy == 1 ? f[1] : 1 - f[1]) * (dz == 1 ? f[2] : 1 - f[2]);
            sum += w * field[((i0[0] + dx) * g + i0[1] + dy) * g + i0[2] + dz];
        }

        return sum;
    }

    private static double[] Normalize(double[] v)
    {
        double length = Math.Sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return length > 0 ? [v[0] / length, v[1] / length, v[2] / length] : [0, 0, 1];
    }

    private static double[] Cross(double[] a, double[] b) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
