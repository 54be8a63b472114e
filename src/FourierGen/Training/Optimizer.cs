namespace FourierGen;

/// <summary>Which update rule an <see cref="Optimizer"/> applies.</summary>
public enum OptimizerKind
{
    /// <summary>Plain stochastic gradient descent, p −= lr·g.</summary>
    Sgd = 0,

    /// <summary>Adam, exactly as <c>torch.optim.Adam</c> (bias-corrected, no weight decay, no AMSGrad).</summary>
    Adam = 1,
}

/// <summary>An optimiser and its hyper-parameters. Create with <see cref="Adam"/> or <see cref="Sgd"/>.</summary>
public sealed record Optimizer
{
    private Optimizer(OptimizerKind kind, float learningRate, float beta1, float beta2, float epsilon)
    {
        Kind = kind;
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>The update rule.</summary>
    public OptimizerKind Kind { get; }

    /// <summary>lr.</summary>
    public float LearningRate { get; }

    /// <summary>Adam's β1 (decay of the first moment).</summary>
    public float Beta1 { get; }

    /// <summary>Adam's β2 (decay of the second moment).</summary>
    public float Beta2 { get; }

    /// <summary>Adam's ε, added to the bias-corrected √v.</summary>
    public float Epsilon { get; }

    /// <summary>Adam with PyTorch's defaults unless given: p −= lr/(1−β1^t)·m/(√v/√(1−β2^t) + ε).</summary>
    /// <param name="learningRate">lr, finite and positive (the trainer's base rate, which a schedule scales).</param>
    /// <param name="beta1">β1 in [0, 1).</param>
    /// <param name="beta2">β2 in [0, 1).</param>
    /// <param name="epsilon">ε, finite and positive.</param>
    /// <returns>The optimiser.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    public static Optimizer Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    {
        CheckLearningRate(learningRate);
        if (!(beta1 >= 0 && beta1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β1 must be in [0, 1).");
        }

        if (!(beta2 >= 0 && beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β2 must be in [0, 1).");
        }

        // ε = 0 divides 0 by 0 wherever a gradient has been exactly 0 (a dead ReLU, an unused bias): reject it here
        // rather than let the first healthy step fail as a divergence.
        if (!(epsilon > 0 && float.IsFinite(epsilon)))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Adam's ε must be finite and positive (ε = 0 divides 0 by 0 where a gradient is 0).");
        }

        return new Optimizer(OptimizerKind.Adam, learningRate, beta1, beta2, epsilon);
    }

    /// <summary>Plain SGD: p −= lr·g (no momentum).</summary>
    /// <param name="learningRate">lr, finite and positive.</param>
    /// <returns>The optimiser.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate is not finite and positive.</exception>
    public static Optimizer Sgd(float learningRate)
    {
        CheckLearningRate(learningRate);
        return new Optimizer(OptimizerKind.Sgd, learningRate, 0, 0, 0);
    }

    private static void CheckLearningRate(float learningRate)
    {
        if (!(learningRate > 0 && float.IsFinite(learningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be finite and positive.");
        }
    }
}
