using ImageRegression;

namespace FourierGen.Tests.Samples;

/// <summary>samples/ImageRegression's Text dataset: generated reproducibly from a seed with the bundled fonts, dark text on white.</summary>
public class TextDatasetTests
{
    private static string Fonts => Path.Combine(AppContext.BaseDirectory, "fonts");

    [Fact]
    public void ASeedGivesOneImageOfDarkTextOnWhite()
    {
        RgbImage first = TextImage.Generate(3, Fonts), again = TextImage.Generate(3, Fonts), other = TextImage.Generate(4, Fonts);
        Assert.Equal((TextImage.DrawSize, TextImage.DrawSize), (first.Width, first.Height));
        Assert.Equal(first.Pixels, again.Pixels);
        Assert.NotEqual(first.Pixels, other.Pixels);
        int pixels = first.Width * first.Height;
        int white = Enumerable.Range(0, pixels).Count(p => first.Pixels[3 * p] == 1 && first.Pixels[3 * p + 1] == 1 && first.Pixels[3 * p + 2] == 1);
        int dark = Enumerable.Range(0, pixels).Count(p => Math.Max(first.Pixels[3 * p], Math.Max(first.Pixels[3 * p + 1], first.Pixels[3 * p + 2])) < 0.52f);
        Assert.InRange(white / (double)pixels, 0.5, 0.97);  // mostly background
        Assert.InRange(dark / (double)pixels, 0.02, 0.4);   // text in colours with every channel below ½
    }

    [Fact]
    public void TheTextImageTrainsThroughTheExperiment()
    {
        var options = new ExperimentOptions
        {
            Image = TextImage.Generate(0, Fonts),
            ImageName = TextImage.Name(0),
            Size = 16,
            Steps = 2,
            Mappings = MappingSpec.ParseList(MappingSpec.TextList),
            Threads = 1,
        };
        ExperimentResult result = ImageRegressionExperiment.Run(options).Result;
        Assert.Equal(["none", "basic", "posenc:5", "gauss:14"], result.Results.Select(r => r.Mapping));
        Assert.Equal([18.40, 20.48, 27.57, 30.47], result.Results.Select(r => MappingSpec.Parse(r.Mapping).PaperTextPsnr!.Value));
        Assert.All(result.Results, r => Assert.True(double.IsFinite(r.TestPsnr)));
    }

    [Fact]
    public void AMissingFontFolderIsAOneLineError()
    {
        var error = Assert.Throws<ImageLoadException>(() => TextImage.Generate(0, "/nonexistent/fonts"));
        Assert.Contains("no such file", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void TextRunsTrainEveryMappingAtThePapersTextLearningRate()
    {
        // The paper's image notebook trains its Text set at lr 1e-3 for every mapping (no_enc_lr = basic_lr = 1e-3); only
        // its natural images use 1e-2 without Fourier features.
        string folder = Directory.CreateTempSubdirectory("fg-text-lr-").FullName;
        try
        {
            (int code, _, string error) = SampleProcess.Run("ImageRegression", $"--text 0 --size 16 --steps 1 --mappings none,basic --threads 1 --out \"{folder}\"");
            Assert.True(code == 0, error);
            ExperimentResult result = ExperimentResult.FromJson(File.ReadAllText(Path.Combine(folder, "results.json")));
            Assert.All(result.Results, r => Assert.Equal(MappingSpec.TextLearningRate, r.LearningRate));
            Assert.Equal(1e-3f, MappingSpec.TextLearningRate);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TheCliOffersTextAndRefusesItBesideAnImage()
    {
        SampleProcess.AssertHelpNames("ImageRegression", "--text");
        SampleProcess.AssertOneLineError("ImageRegression", "--text 0 --image other.png");
    }
}
