using FourierGen.Tests.Support;
using ImageRegression;
using SampleKit;
using StbImageSharp;
using Xunit.Abstractions;

namespace FourierGen.Tests.EndToEnd;

/// <summary>
/// The paper's claim on a small image: on a 64×64 crop of chelsea.png, trained on the even pixels and tested on
/// the odd ones for 300 full-batch Adam steps, Gaussian features beat positional encoding, which beats both the
/// basic mapping and raw coordinates.
/// </summary>
/// <remarks>
/// Coordinates are pixel / 512: the crop is a 64-pixel window in the frame of the paper's 512×512 images, so
/// σ = 10 and σ_p = 6 mean per pixel what they mean in the paper. In the crop's own [0, 1) frame the same σ
/// would put 8× more frequencies per pixel, far above the Nyquist rate of the 32×32 training grid; measured
/// there (same seeds and steps): none 27.96, basic 26.80, positional 22.73, Gaussian 19.84 dB — the mappings
/// overfit, as the paper's own σ sweep predicts for too large a scale.
/// </remarks>
public class ImageRegressionTests(ITestOutputHelper output)
{
    private const int Size = 64;
    private const int Steps = 300;
    private const float PaperPixelsPerUnit = 512;

    [Fact]
    public void FourierFeaturesRankAsInThePaper()
    {
        (float[] trainX, float[] trainY, float[] testX, float[] testY) = Split(CenterCrop(LoadRgb("chelsea.png"), Size));
        double none = TestPsnr(new NoMappingImageNet(seed: 0), 1e-2f, trainX, trainY, testX, testY);
        double basic = TestPsnr(new BasicImageNet(seed: 0), 1e-2f, trainX, trainY, testX, testY);
        double positional = TestPsnr(new PositionalImageNet(seed: 0), 1e-3f, trainX, trainY, testX, testY);
        double gaussian = TestPsnr(new GaussianImageNet(seed: 0), 1e-3f, trainX, trainY, testX, testY);
        output.WriteLine($"test PSNR after {Steps} steps: none {none:F2}, basic {basic:F2}, positional {positional:F2}, gaussian {gaussian:F2} dB");

        Assert.True(gaussian > positional, $"gaussian {gaussian:F2} ≤ positional {positional:F2}");
        Assert.True(positional > Math.Max(basic, none), $"positional {positional:F2} ≤ max(basic {basic:F2}, none {none:F2})");
        Assert.True(gaussian > 20, $"gaussian test PSNR {gaussian:F2} dB ≤ 20 dB");

        // Not asserted: basic > none. Over a 64-pixel window (1/8 of the paper's unit) the basic mapping's single
        // frequency is almost linear, so the two are indistinguishable: seeds 0–3 gave none 27.39, 27.68, 27.26,
        // 27.36 and basic 27.26, 27.38, 27.55, 27.24 dB (means 27.42 vs 27.36). See the remarks for the crop's
        // own frame, where none beats every mapping.
    }

    private static double TestPsnr<TNet>(TNet net, float learningRate, float[] trainX, float[] trainY, float[] testX, float[] testY)
        where TNet : IFourierNetwork<TNet>
    {
        int rows = trainX.Length / 2;
        using (INetworkTrainer trainer = net.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Adam(learningRate), BatchCapacity = rows }))
        {
            for (int step = 0; step < Steps; step++)
            {
                trainer.Step(trainX, trainY);
            }
        }

        float[] predictions = new float[testY.Length];
        net.PredictBatch(testX, predictions);
        return Metrics.Psnr(predictions, testY);
    }

    internal static (int Width, int Height, float[] Rgb) LoadRgb(string file)
    {
        ImageResult image = ImageResult.FromMemory(File.ReadAllBytes(TestData.PathOf(file)), ColorComponents.RedGreenBlue);
        return (image.Width, image.Height, image.Data.Select(b => b / 255f).ToArray());
    }

    internal static float[] CenterCrop((int Width, int Height, float[] Rgb) image, int size)
    {
        int left = (image.Width - size) / 2, top = (image.Height - size) / 2;
        float[] crop = new float[size * size * 3];
        for (int y = 0; y < size; y++)
        {
            image.Rgb.AsSpan(((top + y) * image.Width + left) * 3, size * 3).CopyTo(crop.AsSpan(y * size * 3));
        }

        return crop;
    }

    /// <summary>The paper's protocol: train on pixels [::2, ::2], test on [1::2, 1::2]; coordinates (x, y) / 512.</summary>
    internal static (float[] TrainX, float[] TrainY, float[] TestX, float[] TestY) Split(float[] rgb)
    {
        var trainX = new List<float>(); var trainY = new List<float>();
        var testX = new List<float>(); var testY = new List<float>();
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                bool train = x % 2 == 0 && y % 2 == 0, test = x % 2 == 1 && y % 2 == 1;
                if (train || test)
                {
                    (train ? trainX : testX).AddRange([(float)x / PaperPixelsPerUnit, (float)y / PaperPixelsPerUnit]);
                    (train ? trainY : testY).AddRange(rgb.AsSpan((y * Size + x) * 3, 3).ToArray());
                }
            }
        }

        return (trainX.ToArray(), trainY.ToArray(), testX.ToArray(), testY.ToArray());
    }
}
