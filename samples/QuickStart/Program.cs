using System.Globalization;
using FourierGen;

// The smallest complete use of FourierGen: declare a network, train it on a function of its own, evaluate it, save it,
// load it back and predict. The function, f(x, y) = ½ + ½·sin(2π·3x)·cos(2π·2y) on [0, 1]², has more detail than a
// plain MLP on raw (x, y) learns quickly; Gaussian Fourier features of scale σ = 3 make it easy.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
static float F(float x, float y) => 0.5f + 0.5f * MathF.Sin(2 * MathF.PI * 3 * x) * MathF.Cos(2 * MathF.PI * 2 * y);

var net = new WaveNet(seed: 0);
Console.WriteLine($"WaveNet: {WaveNet.InputSize} inputs → γ(v) of {WaveNet.FeatureSize} features ({WaveNet.FrequencyCount} Gaussian "
    + $"frequencies, σ = 3) → 64 → 64 → {WaveNet.OutputSize} output, {WaveNet.ParameterCount:N0} trainable parameters; "
    + $"kernels run at {Hardware.VectorWidth}.");

// Data: 4 096 random training points and 1 024 held-out ones, rows of (x, y) → f(x, y).
var random = new Random(1);
(float[] Inputs, float[] Targets) Sample(int rows)
{
    float[] inputs = new float[2 * rows], targets = new float[rows];
    for (int i = 0; i < rows; i++)
    {
        float x = inputs[2 * i] = random.NextSingle(), y = inputs[2 * i + 1] = random.NextSingle();
        targets[i] = F(x, y);
    }

    return (inputs, targets);
}

(float[] trainX, float[] trainY) = Sample(4096);
(float[] testX, float[] testY) = Sample(1024);

// Train: shuffled minibatches of 256, Adam with a cosine schedule, 1 500 steps (about 94 epochs).
using (var trainer = net.CreateTrainer(new TrainerOptions
{
    Optimizer = Optimizer.Adam(3e-3f),
    Schedule = LearningRateSchedule.Cosine(steps: 1500),
    BatchCapacity = 256,
}))
{
    trainer.Fit(Minibatches.For<WaveNet>(trainX, trainY, batchSize: 256, seed: 0), new FitOptions { Steps = 1500, ReportEvery = 50 },
        new TrainingProgressBar(Console.Out));
}

EvaluationResult held = net.Evaluate(testX, testY);
Console.WriteLine($"Held-out points: MSE {held.MeanSquaredError:0.00e+00}, PSNR {held.Psnr:F1} dB.");

// Save, load and predict: the loaded network gives the trained network's outputs.
string path = Path.Combine(Path.GetTempPath(), "quickstart-wavenet.fgw");
net.Save(path);
WaveNet loaded = WaveNet.Load(path);
File.Delete(path);
Span<float> output = stackalloc float[WaveNet.OutputSize];
foreach ((float x, float y) in new[] { (0.1f, 0.2f), (0.5f, 0.5f), (0.83f, 0.37f) })
{
    loaded.Predict([x, y], output);
    Console.WriteLine($"f({x:0.00}, {y:0.00}) = {F(x, y):0.0000}   loaded network: {output[0]:0.0000}");
}

/// <summary>2-D point → 1 value, through 64 Gaussian Fourier features of scale 3 and two hidden layers of 64.</summary>
[FourierNetwork(inputs: 2, outputs: 1, Hidden = [64, 64])]
[GaussianFeatures(size: 64, scale: 3f)]
public partial class WaveNet;
