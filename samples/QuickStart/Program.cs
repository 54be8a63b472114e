using System.Globalization;
using FourierGen;

// A network declared with two attributes: the generator completes it at compile time.
var net = new ImageNet(seed: 0);
Console.WriteLine($"ImageNet: {ImageNet.InputSize} inputs → γ(v) of {ImageNet.FeatureSize} features " +
                  $"({ImageNet.FrequencyCount} Gaussian frequencies, σ = 10) → {ImageNet.OutputSize} outputs, " +
                  $"{ImageNet.ParameterCount:N0} trainable parameters; kernels run at {Hardware.VectorWidth}.");

Console.WriteLine("First rows of B (frequencies × inputs):");
for (int j = 0; j < 4; j++)
{
    Console.WriteLine($"  b_{j} = ({Format(net.Frequencies[2 * j])}, {Format(net.Frequencies[2 * j + 1])})");
}

Span<float> features = stackalloc float[ImageNet.FeatureSize];
foreach (float[] point in new[] { new[] { 0f, 0f }, new[] { 0.25f, 0.5f }, new[] { 0.9f, 0.1f } })
{
    net.Encode(point, features);
    Console.WriteLine($"γ({Format(point[0])}, {Format(point[1])}) = [cos: {Format(features[0])}, {Format(features[1])}, ...; " +
                      $"sin: {Format(features[ImageNet.FrequencyCount])}, {Format(features[ImageNet.FrequencyCount + 1])}, ...]");
}

static string Format(float value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

/// <summary>The paper's image-regression network: 2-D pixel coordinate → RGB.</summary>
[FourierNetwork(inputs: 2, outputs: 3, Hidden = [256, 256, 256], OutputActivation = Activation.Sigmoid)]
[GaussianFeatures(size: 256, scale: 10f, Seed = 0)]
public partial class ImageNet;
