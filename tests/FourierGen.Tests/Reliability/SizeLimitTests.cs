using FourierGen.Kernels;

namespace FourierGen.Tests.Reliability;

/// <summary>
/// Sizes whose product does not fit one array (issue 18, finding 6): every public entry point that multiplies sizes
/// throws an <see cref="ArgumentException"/> naming the parameter and the limit (Array.MaxLength), never an
/// <see cref="OverflowException"/>, and before allocating anything of that size.
/// </summary>
public class SizeLimitTests
{
    private const int Points = 50_000;         // 50 000² = 2.5·10⁹ kernel entries
    private const int GridPoints = 1 << 22;    // a 2048² grid: × 512 features = 2³¹ values

    private static readonly float[] ManyPoints = new float[Points];

    [Fact]
    public void KernelMatrixOfFiftyThousandSquaredPoints()
    {
        var net = new WideFeatureNet();
        AssertNamesLimit("k", () => net.NtkMatrix(ManyPoints, ManyPoints, default));
        AssertNamesLimit("k", () => net.NngpMatrix(ManyPoints, ManyPoints, default));
        AssertNamesLimit("k", () => net.NtkMatrix(ManyPoints, ManyPoints, default, null, CancellationToken.None));
    }

    [Fact]
    public void KernelMatrixWhoseFeaturesDoNotFitOneArray()
    {
        var net = new WideFeatureNet();
        float[] grid = new float[GridPoints]; // 16 MB of inputs; their 2³¹ float64 features are never allocated
        double[] k = new double[GridPoints];
        AssertNamesLimit("xs1", () => net.NtkMatrix(grid, [0f], k));
        AssertNamesLimit("xs2", () => net.NngpMatrix([0f], grid, k));
        AssertNamesLimit("features", () => net.EncodeBatch(grid, default));
    }

    [Fact]
    public void BatchesWhoseOutputsDoNotFitOneArray()
    {
        const int rows = (1 << 19) + 1; // × 4096 outputs > Array.MaxLength
        var net = new WideOutputNet();
        float[] inputs = new float[rows];
        AssertNamesLimit("outputs", () => net.PredictBatch(inputs, default));
        AssertNamesLimit("targets", () => net.Evaluate(inputs, default));
        AssertNamesLimit("targets", () => new Minibatches(inputs, ReadOnlyMemory<float>.Empty, 1, WideOutputNet.OutputSize, 16));
        using Trainer<WideOutputNet> trainer = net.CreateTrainer(new TrainerOptions { BatchCapacity = rows, Threads = 1 });
        AssertNamesLimit("targets", () => trainer.Step(inputs, ReadOnlySpan<float>.Empty));
    }

    [Fact]
    public void RetainedActivationsBeyondOneArray()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() =>
            new WideFeatureNet().CreateTrainer(new TrainerOptions { BatchCapacity = int.MaxValue, RetainActivations = true }));
        Assert.Contains(Array.MaxLength.ToString(), e.Message);
    }

    [Fact]
    public void DenseLinearAlgebraOfFiftyThousandSquared()
    {
        AssertNamesLimit("matrix", () => Cholesky.Factor(new double[4], Points));
        AssertNamesLimit("factor", () => Cholesky.SolveVector(new double[4], Points, new double[Points]));
        AssertNamesLimit("factor", () => Cholesky.LogDeterminant(new double[4], Points));
        AssertNamesLimit("rightHandSides", () => Cholesky.Solve(new double[4], 2, new double[4], int.MaxValue));
        AssertNamesLimit("matrix", () => SymmetricEigen.Eigenvalues(new double[4], Points, new double[Points]));
        AssertNamesLimit("eigenvectors", () => SymmetricEigen.Decompose(new double[4], Points, new double[Points], new double[4]));
        AssertNamesLimit("kernelTrainTrain", () => KernelRegression.Fit(new double[4], Points, new double[Points], 1));
        AssertNamesLimit("targets", () => KernelRegression.Fit(new double[4], 2, new double[4], int.MaxValue));
        AssertNamesLimit("ntkTrainTrain", () => new GradientDescentMse(new double[4], Points, new double[Points], 1));

        var fit = KernelRegression.Fit([2, 1, 1, 2], 2, [1.0, 2.0], 1);
        AssertNamesLimit("kernelTestTrain", () => fit.Predict(new double[4], int.MaxValue, new double[4]));
        var dynamics = new GradientDescentMse([2, 1, 1, 2], 2, [1.0, 2.0], 1);
        AssertNamesLimit("ntkTestTrain", () => dynamics.PredictTest(1, new double[4], int.MaxValue, new double[4]));
    }

    [Fact]
    public void NtkPredictorWhoseTrainKernelDoesNotFit()
    {
        AssertNamesLimit("trainInputs", () => new NtkPredictor<WideFeatureNet>(new WideFeatureNet(), ManyPoints, new float[Points]));
    }

    [Fact]
    public void MatrixFreeAndGridRegressionBeyondOneArray()
    {
        var net = new LargeInputNet();
        KernelBlock kernel = net.NtkMatrix;
        AssertNamesLimit("targets", () => MatrixFreeKernelRegression.Fit(kernel, 2, new float[6], new double[3], 1_000_000_000));

        var huge = new RegularGrid([40_000, 40_000], [0, 0], [1e-3, 1e-3]); // 1.6·10⁹ points fit; × 2 outputs do not
        AssertNamesLimit("targets", () => GridKernelRegression.Fit(kernel, huge, default, 2));
        AssertNamesLimit("targets", () => GridGradientDescentMse.Create(kernel, huge, default, 2));
        var e = Assert.Throws<InvalidOperationException>(() => huge.Coordinates());
        Assert.Contains("Array.MaxLength", e.Message);

        // Its kernel lattice's FFT embedding (65 536² values) does not fit either: checked before any kernel is evaluated.
        AssertNamesLimit("grid", () => GridToeplitz.Create(kernel, huge, huge, CancellationToken.None));
    }

    private static void AssertNamesLimit(string parameter, Action action)
    {
        var e = Assert.ThrowsAny<ArgumentException>(action);
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains("Array.MaxLength", e.Message);
    }

    private static void AssertNamesLimit(string parameter, Func<object?> function) => AssertNamesLimit(parameter, () => { function(); });
}
