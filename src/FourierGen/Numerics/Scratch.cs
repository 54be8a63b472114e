using System.Runtime.CompilerServices;

namespace FourierGen.Numerics;

// Fixed-size stack buffers for the kernels, as struct locals rather than stackalloc: a method with a loop and a
// stackalloc cannot be compiled in tiers (no on-stack replacement), so the JIT compiles it fully optimised on its
// first call, before the classes it uses are initialised, and then never again (measured: calls into the width
// wrappers were left un-inlined). Struct locals keep the kernels on the normal tiered path. Sizes cover the widest
// register tile (8 rows × 2 vectors × 16 lanes) and the backward pass's row block (128 rows).

/// <summary>16 floats of stack scratch.</summary>
[InlineArray(16)]
internal struct Scratch16
{
    private float _element0;
}

/// <summary>A register tile's worth of floats (8 rows × 32 columns).</summary>
[InlineArray(256)]
internal struct Scratch256
{
    private float _element0;
}

/// <summary>One backward row block × one panel (128 rows × 32 columns).</summary>
[InlineArray(4096)]
internal struct Scratch4096
{
    private float _element0;
}

/// <summary>One backward row block × a group of output blocks (128 rows × 8 outputs × 16 blocks).</summary>
[InlineArray(16384)]
internal struct Scratch16384
{
    private float _element0;
}
