namespace FourierGen.Tests.Training;

/// <summary>
/// An independent float64 MLP for gradient checks: the same layout and parameterisations as the generated
/// networks, written plainly from the definitions.
/// </summary>
internal sealed class ReferenceMlp(int[] widths, bool bias, Activation hidden, Activation output, bool ntk, double weightStd, double biasStd)
{
    public double[] Forward(double[] parameters, double[] features)
    {
        double[] x = features;
        int offset = 0;
        for (int k = 0; k + 1 < widths.Length; k++)
        {
            int nIn = widths[k], nOut = widths[k + 1];
            double ws = ntk ? weightStd / Math.Sqrt(nIn) : 1, bs = ntk ? biasStd : 1;
            var y = new double[nOut];
            for (int o = 0; o < nOut; o++)
            {
                double sum = 0;
                for (int i = 0; i < nIn; i++)
                {
                    sum += parameters[offset + o * nIn + i] * x[i];
                }

                y[o] = ws * sum + (bias ? bs * parameters[offset + nIn * nOut + o] : 0);
                y[o] = Apply(k + 2 == widths.Length ? output : hidden, y[o]);
            }

            offset += nIn * nOut + (bias ? nOut : 0);
            x = y;
        }

        return x;
    }

    public static double Loss(Loss loss, double[] predictions, double[] targets, int totalElements)
    {
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double p = predictions[i], t = targets[i];
            double z = Math.Abs(p - t), delta = loss.Delta;
            sum += loss.Kind switch
            {
                LossKind.MeanSquaredError => (p - t) * (p - t) / totalElements,
                LossKind.HalfSumSquared => 0.5 * (p - t) * (p - t),
                LossKind.L1 => z / totalElements,
                LossKind.Huber => (z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta)) / totalElements,
                _ => (Math.Max(p, 0) - p * t + Math.Log(1 + Math.Exp(-Math.Abs(p)))) / totalElements,
            };
        }

        return sum;
    }

    private static double Apply(Activation activation, double x) => activation switch
    {
        Activation.Relu => Math.Max(0, x),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-x)),
        Activation.Tanh => Math.Tanh(x),
        _ => x,
    };
}
