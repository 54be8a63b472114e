namespace FourierGen.Numerics;

/// <summary>
/// A compile-time count for kernels specialised by the JIT: a generic method over a struct
/// <c>T : ICount</c> is compiled once per count, with <c>T.Value</c> a constant and the code for
/// unused accumulators removed.
/// </summary>
internal interface ICount
{
    /// <summary>The count.</summary>
    static abstract int Value { get; }
}

internal readonly struct Count1 : ICount
{
    public static int Value => 1;
}

internal readonly struct Count2 : ICount
{
    public static int Value => 2;
}

internal readonly struct Count3 : ICount
{
    public static int Value => 3;
}

internal readonly struct Count4 : ICount
{
    public static int Value => 4;
}

internal readonly struct Count8 : ICount
{
    public static int Value => 8;
}

internal readonly struct Count16 : ICount
{
    public static int Value => 16;
}
