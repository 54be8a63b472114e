namespace FourierGen;

/// <summary>Argument checks at the runtime's public edge, with messages that name the fix.</summary>
internal static class Guard
{
    /// <summary>
    /// <paramref name="count"/> as an <see cref="int"/> if one array or span can hold that many elements; otherwise an
    /// <see cref="ArgumentException"/> naming the limit (<see cref="Array.MaxLength"/>), never an <see cref="OverflowException"/>.
    /// Pass products of sizes computed in <see cref="long"/> (two <see cref="int"/> sizes cannot overflow it).
    /// </summary>
    public static int Count(long count, string name, string meaning)
    {
        if ((ulong)count > (ulong)Array.MaxLength)
        {
            throw new ArgumentException(
                $"{name}: {meaning} is {count} values, more than one .NET array or span can hold (Array.MaxLength = {Array.MaxLength}); "
                + "split the work into smaller blocks.", name);
        }

        return (int)count;
    }

    /// <summary>Throws unless <paramref name="span"/> has exactly <paramref name="expected"/> elements.</summary>
    public static void Length<T>(ReadOnlySpan<T> span, long expected, string name, string meaning)
    {
        if (span.Length != expected)
        {
            ThrowLength(span.Length, expected, name, meaning);
        }
    }

    /// <summary>Throws unless <paramref name="span"/> has exactly <paramref name="expected"/> elements.</summary>
    public static void Length<T>(Span<T> span, long expected, string name, string meaning)
    {
        if (span.Length != expected)
        {
            ThrowLength(span.Length, expected, name, meaning);
        }
    }

    /// <summary>
    /// Throws unless the destination <paramref name="span"/> has at least <paramref name="needed"/> elements: like the BCL
    /// (TensorPrimitives, Span.CopyTo), a longer destination is accepted and only its first <paramref name="needed"/>
    /// elements are written.
    /// </summary>
    public static void AtLeast<T>(Span<T> span, long needed, string name, string meaning)
    {
        Count(needed, name, meaning);
        if (span.Length < needed)
        {
            throw new ArgumentException($"{name} must have at least length {needed} ({meaning}), not {span.Length}.", name);
        }
    }

    /// <summary>
    /// Throws unless <paramref name="span"/> holds whole rows of <paramref name="rowSize"/>; returns the row count.
    /// </summary>
    public static int Rows<T>(ReadOnlySpan<T> span, int rowSize, string name, string meaning)
    {
        if (span.Length % rowSize != 0)
        {
            throw new ArgumentException(
                $"{name} must hold whole rows of {rowSize} ({meaning}); its length {span.Length} is not a multiple of {rowSize}.", name);
        }

        return span.Length / rowSize;
    }

    /// <summary>Throws if any value is NaN or infinite, naming the first one.</summary>
    public static void Finite(ReadOnlySpan<float> values, string name)
    {
        // Finite x satisfies x − x == 0; NaN and ±∞ give NaN. One pass, vectorised by the sum.
        if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(values) * 0f))
        {
            ThrowNotFinite(values, name);
        }
    }

    private static void ThrowNotFinite(ReadOnlySpan<float> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] is {values[i]}; every value must be finite (not NaN or ∞).", name);
            }
        }

        // The sum overflowed although every value is finite: nothing to reject.
    }

    private static void ThrowLength(int actual, long expected, string name, string meaning)
    {
        Count(expected, name, meaning);
        throw new ArgumentException($"{name} must have length {expected} ({meaning}), not {actual}.", name);
    }
}
