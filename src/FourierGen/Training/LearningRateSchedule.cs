using System.Globalization;

namespace FourierGen;

/// <summary>
/// How the learning rate changes with the step: the learning rate of step <c>t</c> (0 for the first step, the trainer's
/// <c>StepCount</c> before it) is the trainer's base <c>LearningRate</c> × <see cref="Factor"/>(t), computed in double.
/// Schedules are immutable and shared freely; a trainer's position in its schedule is its step count, so a resumed
/// checkpoint continues the schedule where it stopped.
/// </summary>
/// <remarks>
/// <para>
/// The built-in schedules are PyTorch's <c>torch.optim.lr_scheduler</c> closed forms (<c>_get_closed_form_lr</c>), with
/// PyTorch's <c>last_epoch</c> = t when the scheduler is stepped once after every optimiser step — the usual loop
/// <c>optimizer.step(); scheduler.step()</c>, in which step t uses the learning rate set after t calls of
/// <c>scheduler.step()</c>. With η₀ the base learning rate:
/// </para>
/// <list type="bullet">
/// <item><see cref="StepDecay"/> = StepLR: η₀·γ^⌊t/step_size⌋.</item>
/// <item><see cref="Exponential(double)"/> = ExponentialLR: η₀·γ^t.</item>
/// <item><see cref="Cosine"/> = CosineAnnealingLR: η_min + (η₀ − η_min)(1 + cos(π·t/T_max))/2, with η_min = η₀·minimumFactor;
/// from t = T_max on it stays at η_min (PyTorch's closed form would rise again along the cosine).</item>
/// <item><see cref="Linear"/> = LinearLR: η₀·(s + (e − s)·min(t, T)/T).</item>
/// <item><see cref="Then"/> = SequentialLR: before the milestone m the first schedule at t, from m on the second at t − m
/// (SequentialLR restarts each scheduler at its own epoch 0 at its milestone).</item>
/// <item><see cref="Times"/> = ChainedScheduler over multiplicative schedulers: the product of the factors.</item>
/// </list>
/// <para>A schedule's <see cref="ToString"/> names it exactly; a checkpoint records it and resuming checks it.</para>
/// </remarks>
public abstract class LearningRateSchedule
{
    /// <summary>For subclasses: a schedule is a pure function of the step.</summary>
    protected LearningRateSchedule()
    {
    }

    /// <summary>The base learning rate at every step (factor 1).</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>The factor on the base learning rate at step <paramref name="step"/>; finite and not negative.</summary>
    /// <param name="step">t: the number of optimiser steps taken before this one (0 for the first step).</param>
    /// <returns>The factor, in double.</returns>
    public abstract double Factor(long step);

    /// <summary>The schedule as code would write it, e.g. <c>Cosine(steps: 1000, minimumFactor: 0)</c>.</summary>
    /// <returns>A description that tells two different schedules apart.</returns>
    public abstract override string ToString();

    /// <summary>PyTorch's <c>StepLR(step_size, gamma)</c>: the factor γ^⌊t/stepSize⌋.</summary>
    /// <param name="stepSize">Steps between decays, at least 1.</param>
    /// <param name="gamma">The decay per <paramref name="stepSize"/> steps (PyTorch's default 0.1), finite and positive.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static LearningRateSchedule StepDecay(long stepSize, double gamma = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        CheckPositive(gamma, nameof(gamma));
        return new StepSchedule(stepSize, gamma);
    }

    /// <summary>PyTorch's <c>ExponentialLR(gamma)</c>: the factor γ^t.</summary>
    /// <param name="gamma">The decay per step, finite and positive.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is not finite and positive.</exception>
    public static LearningRateSchedule Exponential(double gamma)
    {
        CheckPositive(gamma, nameof(gamma));
        return new ExponentialSchedule(gamma, 1);
    }

    /// <summary>
    /// A smooth exponential decay by <paramref name="factor"/> every <paramref name="steps"/> steps: the factor
    /// factor^(t/steps), e.g. <c>Exponential(0.1, 5000)</c> for the paper's occupancy schedule lr·0.1^(t/5000).
    /// It is ExponentialLR with γ = factor^(1/steps), computed without rounding γ first.
    /// </summary>
    /// <param name="factor">The decay over <paramref name="steps"/> steps, finite and positive.</param>
    /// <param name="steps">The steps over which the learning rate changes by <paramref name="factor"/>, at least 1.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static LearningRateSchedule Exponential(double factor, long steps)
    {
        CheckPositive(factor, nameof(factor));
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        return new ExponentialSchedule(factor, steps);
    }

    /// <summary>
    /// PyTorch's <c>CosineAnnealingLR(T_max, eta_min)</c> with η_min = η₀·<paramref name="minimumFactor"/>: the factor
    /// m + (1 − m)(1 + cos(π·t/T_max))/2 for t &lt; T_max, then m.
    /// </summary>
    /// <param name="steps">T_max, the steps from the base rate down to the minimum, at least 1.</param>
    /// <param name="minimumFactor">m = η_min/η₀, in [0, 1].</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static LearningRateSchedule Cosine(long steps, double minimumFactor = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        if (!(minimumFactor >= 0 && minimumFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumFactor), minimumFactor, "The minimum factor must be in [0, 1].");
        }

        return new CosineSchedule(steps, minimumFactor);
    }

    /// <summary>
    /// PyTorch's <c>LinearLR(start_factor, end_factor, total_iters)</c>: the factor moves linearly from
    /// <paramref name="startFactor"/> at t = 0 to <paramref name="endFactor"/> at t = <paramref name="steps"/>, then stays.
    /// </summary>
    /// <param name="startFactor">The factor of the first step, in (0, 1] as PyTorch requires.</param>
    /// <param name="endFactor">The factor from step <paramref name="steps"/> on, in [0, 1].</param>
    /// <param name="steps">T = total_iters, at least 1.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static LearningRateSchedule Linear(double startFactor, double endFactor, long steps)
    {
        if (!(startFactor > 0 && startFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, "The start factor must be in (0, 1].");
        }

        if (!(endFactor >= 0 && endFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(endFactor), endFactor, "The end factor must be in [0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        return new LinearSchedule(startFactor, endFactor, steps);
    }

    /// <summary>A linear warm-up: <see cref="Linear"/> from <paramref name="startFactor"/> to 1 over <paramref name="steps"/> steps.</summary>
    /// <param name="steps">The warm-up's length, at least 1.</param>
    /// <param name="startFactor">The factor of the first step, in (0, 1] (PyTorch's LinearLR default: 1/3).</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static LearningRateSchedule Warmup(long steps, double startFactor = 1.0 / 3) => Linear(startFactor, 1, steps);

    /// <summary>
    /// A schedule from a function of the step (PyTorch's <c>LambdaLR</c>). <paramref name="description"/> stands for the
    /// function in checkpoints: give different functions different descriptions.
    /// </summary>
    /// <param name="factor">The factor at step t; must return a finite value ≥ 0 and must not allocate if steps are to stay allocation-free.</param>
    /// <param name="description">What the function is, e.g. "0.5^(t/1000)".</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="description"/> is empty.</exception>
    public static LearningRateSchedule FromFunction(Func<long, double> factor, string description)
    {
        ArgumentNullException.ThrowIfNull(factor);
        ArgumentException.ThrowIfNullOrEmpty(description);
        return new FunctionSchedule(factor, description);
    }

    /// <summary>
    /// This schedule before step <paramref name="milestone"/>, then <paramref name="next"/> restarted at its own step 0
    /// (PyTorch's <c>SequentialLR</c> with one milestone), e.g. <c>Warmup(500).Then(Cosine(9500), 500)</c>.
    /// </summary>
    /// <param name="next">The schedule from the milestone on.</param>
    /// <param name="milestone">The first step of <paramref name="next"/>, at least 1.</param>
    /// <returns>The combined schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="next"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="milestone"/> is less than 1.</exception>
    public LearningRateSchedule Then(LearningRateSchedule next, long milestone)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentOutOfRangeException.ThrowIfLessThan(milestone, 1);
        return new SequentialSchedule(this, next, milestone);
    }

    /// <summary>
    /// Both schedules at once: the product of their factors (PyTorch's <c>ChainedScheduler</c>, whose chainable forms of
    /// StepLR, ExponentialLR, LinearLR and an η_min = 0 cosine multiply the same way).
    /// </summary>
    /// <param name="other">The other schedule.</param>
    /// <returns>The combined schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public LearningRateSchedule Times(LearningRateSchedule other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new ProductSchedule(this, other);
    }

    /// <summary>The learning rate of step <paramref name="step"/> for a base rate, checked.</summary>
    internal double LearningRate(float baseRate, long step)
    {
        double factor = Factor(step);
        if (!(factor >= 0 && double.IsFinite(factor)))
        {
            throw new InvalidOperationException($"The learning-rate schedule {this} gave the factor {factor.ToString(CultureInfo.InvariantCulture)} at step {step}; a factor must be finite and not negative.");
        }

        return baseRate * factor;
    }

    private static void CheckPositive(double value, string name)
    {
        if (!(value > 0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, "The value must be finite and positive.");
        }
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private sealed class ConstantSchedule : LearningRateSchedule
    {
        public override double Factor(long step) => 1;

        public override string ToString() => "Constant";
    }

    private sealed class StepSchedule(long stepSize, double gamma) : LearningRateSchedule
    {
        public override double Factor(long step) => Math.Pow(gamma, step / stepSize);

        public override string ToString() => $"StepDecay(stepSize: {stepSize}, gamma: {Number(gamma)})";
    }

    private sealed class ExponentialSchedule(double factor, long steps) : LearningRateSchedule
    {
        public override double Factor(long step) => steps == 1 ? Math.Pow(factor, step) : Math.Pow(factor, (double)step / steps);

        public override string ToString() => steps == 1 ? $"Exponential(gamma: {Number(factor)})" : $"Exponential(factor: {Number(factor)}, steps: {steps})";
    }

    private sealed class CosineSchedule(long steps, double minimumFactor) : LearningRateSchedule
    {
        public override double Factor(long step) =>
            step >= steps ? minimumFactor : minimumFactor + ((1 - minimumFactor) * (1 + Math.Cos(Math.PI * step / steps)) / 2);

        public override string ToString() => $"Cosine(steps: {steps}, minimumFactor: {Number(minimumFactor)})";
    }

    private sealed class LinearSchedule(double startFactor, double endFactor, long steps) : LearningRateSchedule
    {
        public override double Factor(long step) => startFactor + ((endFactor - startFactor) * Math.Min(step, steps) / steps);

        public override string ToString() => $"Linear(startFactor: {Number(startFactor)}, endFactor: {Number(endFactor)}, steps: {steps})";
    }

    private sealed class FunctionSchedule(Func<long, double> factor, string description) : LearningRateSchedule
    {
        public override double Factor(long step) => factor(step);

        public override string ToString() => $"FromFunction({description})";
    }

    private sealed class SequentialSchedule(LearningRateSchedule first, LearningRateSchedule next, long milestone) : LearningRateSchedule
    {
        public override double Factor(long step) => step < milestone ? first.Factor(step) : next.Factor(step - milestone);

        public override string ToString() => $"{first}.Then({next}, {milestone})";
    }

    private sealed class ProductSchedule(LearningRateSchedule left, LearningRateSchedule right) : LearningRateSchedule
    {
        public override double Factor(long step) => left.Factor(step) * right.Factor(step);

        public override string ToString() => $"{left}.Times({right})";
    }
}
