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

// The training API from the package: a schedule, minibatches, Fit, a checkpoint, save and load.
var random = new Random(1);
float[] xs = Enumerable.Range(0, 2 * 512).Select(_ => random.NextSingle()).ToArray();
float[] ys = Enumerable.Range(0, 3 * 512).Select(i => MathF.Sin(6 * xs[2 * (i / 3)]) * 0.5f + 0.5f).ToArray();
using var trainer = net.CreateTrainer(new TrainerOptions { Schedule = LearningRateSchedule.Cosine(40), Loss = Loss.Huber(0.5f), BatchCapacity = 128 });
FitResult fit = trainer.Fit(Minibatches.For<ConsumerNet>(xs, ys, batchSize: 128), new FitOptions { Steps = 40 });
string checkpoint = Path.Combine(Path.GetTempPath(), $"consumer-{Guid.NewGuid():N}.fgc");
trainer.SaveCheckpoint(checkpoint);
using (var resumed = new ConsumerNet(seed: 1).CreateTrainer(new TrainerOptions { Schedule = LearningRateSchedule.Cosine(40), Loss = Loss.Huber(0.5f), BatchCapacity = 128 }))
{
    resumed.LoadCheckpoint(checkpoint);
    if (resumed.StepCount != 40) return 1;
}

File.Delete(checkpoint);
using var weights = new MemoryStream();
net.Save(weights);
weights.Position = 0;
ConsumerNet loaded = ConsumerNet.Load(weights);
Console.WriteLine($"consumer: 40 steps, last loss {fit.Loss:E2}; evaluated MSE {loaded.Evaluate(xs, ys).MeanSquaredError:E2}");
return worst <= 1e-5 && loaded.Parameters.SequenceEqual(net.Parameters) ? 0 : 1;

[FourierNetwork(2, 3, Hidden = [256, 256, 256])]
[GaussianFeatures(256, 10f)]
public partial class ConsumerNet;
