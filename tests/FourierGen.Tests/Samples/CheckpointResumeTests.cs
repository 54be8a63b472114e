using SampleKit;
using ShapeOccupancy;
using Tomography2D;

namespace FourierGen.Tests.Samples;

/// <summary>
/// Long sample runs resume after a kill: a run cancelled mid-way leaves its checkpoint, and the same run started again
/// continues from it and ends exactly where the uninterrupted run does (bit for bit); a finished run leaves no checkpoint.
/// </summary>
public class CheckpointResumeTests
{
    [Fact]
    public void AReconstructionRunCancelledMidwayResumesToTheUninterruptedResult()
    {
        const int n = 12, steps = 6;
        float[] truth = CtExperiment.Phantoms(1, n)[0].Truth;
        var projection = new ParallelProjection(n);
        var loss = new ProjectionLoss(projection, CtExperiment.Measure(projection, truth));
        float[] coordinates = CtExperiment.PixelCoordinates(n);
        string folder = Directory.CreateTempSubdirectory("fg-ckpt-ct-").FullName;
        try
        {
            string checkpoint = Path.Combine(folder, "checkpoints", "run.ckpt");
            var settings = new FitSettings(steps, 1e-3, 2, CheckpointPath: checkpoint, CheckpointEvery: 2);
            FieldFit straight = FieldFitting.FitNetwork(new GaussianCtNet(0), coordinates, loss, truth, settings with { CheckpointPath = null },
                new RunReporter(null, 0, "straight", steps));

            using var cancel = new CancellationTokenSource();
            var stopAtThree = new SynchronousProgress<RunProgress>(p =>
            {
                if (p.Step == 3)
                {
                    cancel.Cancel(); // "killed" after step 3: the next step saves the checkpoint and stops
                }
            });
            Assert.ThrowsAny<OperationCanceledException>(() => FieldFitting.FitNetwork(new GaussianCtNet(0), coordinates, loss, truth, settings,
                new RunReporter(stopAtThree, 0, "killed", steps), cancel.Token));
            Assert.True(File.Exists(checkpoint));

            var resumedReports = new List<RunProgress>();
            FieldFit resumed = FieldFitting.FitNetwork(new GaussianCtNet(0), coordinates, loss, truth, settings,
                new RunReporter(new SynchronousProgress<RunProgress>(resumedReports.Add), 0, "resumed", steps));

            Assert.Equal(3, resumedReports[0].Step); // it started at the checkpoint's step, not at 0
            Assert.Equal(straight.Field, resumed.Field);
            Assert.Equal(straight.Psnr, resumed.Psnr);
            Assert.False(File.Exists(checkpoint));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AnOccupancyRunCancelledMidwayResumesToTheUninterruptedResult()
    {
        string folder = Directory.CreateTempSubdirectory("fg-ckpt-occ-").FullName;
        try
        {
            ShapeItem bunny = OccupancyExperiment.LoadShape(OccupancySampleTests.BundledMesh);
            var options = new OccupancyOptions
            {
                Items = [bunny],
                Mappings = MappingToken.ParseList("gauss:12", allowGridOpt: false),
                Steps = 4,
                Batch = 128,
                TestPoints = 256,
                RenderGrid = 8,
                Threads = 2,
                CurvePoints = 4,
            };
            OccupancyResult straight = OccupancyExperiment.Run(options);

            var withCheckpoints = options with { CheckpointDirectory = Path.Combine(folder, "checkpoints"), CheckpointEvery = 1 };
            using var cancel = new CancellationTokenSource();
            var stopAtTwo = new SynchronousProgress<RunProgress>(p =>
            {
                if (p.Phase == RunPhase.Training && p.Step == 2)
                {
                    cancel.Cancel();
                }
            });
            Assert.ThrowsAny<OperationCanceledException>(() => OccupancyExperiment.Run(withCheckpoints, stopAtTwo, cancellationToken: cancel.Token));
            string checkpoint = withCheckpoints.CheckpointPath(withCheckpoints.Grid()[0])!;
            Assert.True(File.Exists(checkpoint));

            OccupancyResult resumed = OccupancyExperiment.Run(withCheckpoints);

            OccupancyRunOutcome a = Assert.Single(straight.Runs), b = Assert.Single(resumed.Runs);
            Assert.Equal(a.RenderField, b.RenderField);
            Assert.Equal(a.Record.Metrics["iouBoundary"], b.Record.Metrics["iouBoundary"]);
            Assert.Equal(a.Record.Metrics["loss"], b.Record.Metrics["loss"]);
            Assert.False(File.Exists(checkpoint));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void GridAdamTakesAdamsSteps()
    {
        // Adam's closed forms: the first step is lr·g/(|g| + ε); with a constant gradient every later step is too
        // (m̂ = g and v̂ = g² exactly once bias-corrected).
        const double lr = 0.1;
        var adam = new GridAdam(3, lr);
        float[] theta = [0f, 1f, -2f];
        float[] gradient = [0.5f, -3f, 1e-3f];
        for (int step = 1; step <= 3; step++)
        {
            float[] before = (float[])theta.Clone();
            adam.Step(theta, gradient);
            for (int i = 0; i < 3; i++)
            {
                double expected = before[i] - lr * gradient[i] / (Math.Abs(gradient[i]) + 1e-8);
                Assert.Equal(expected, theta[i], 5e-7);
            }
        }

        Assert.Equal(3, adam.StepCount);
        Assert.Throws<TrainingDivergedException>(() => adam.Step(theta, [float.NaN, 0, 0]));
        Assert.Equal(3, adam.StepCount);
        Assert.Throws<ArgumentException>(() => adam.Step(theta, [1f]));
    }
}
