using FourierGen;

// A consumer of the FourierGen package: declares the paper's network and checks that the
// generated Encode matches γ(v) computed here, independently, from the network's B.
var net = new ConsumerNet(seed: 1);
float[] input = [0.3f, -0.7f];
float[] features = new float[ConsumerNet.FeatureSize];
net.Encode(input, features);

double worst = 0;
for (int j = 0; j < ConsumerNet.FrequencyCount; j++)
{
    double phase = 2 * Math.PI * (net.Frequencies[2 * j] * (double)input[0] + net.Frequencies[2 * j + 1] * (double)input[1]);
    worst = Math.Max(worst, Math.Abs(Math.Cos(phase) - features[j]));
    worst = Math.Max(worst, Math.Abs(Math.Sin(phase) - features[ConsumerNet.FrequencyCount + j]));
}

Console.WriteLine($"consumer: {ConsumerNet.InputSize} → {ConsumerNet.FeatureSize} features, {ConsumerNet.ParameterCount} parameters; max |γ − reference| = {worst:E2}");
return worst <= 1e-5 ? 0 : 1;

[FourierNetwork(2, 3, Hidden = [256, 256, 256])]
[GaussianFeatures(256, 10f)]
public partial class ConsumerNet;
