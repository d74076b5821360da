namespace ClusterLocator.Protocol.Validation;

/// <summary>The identifier rule of the contract: <c>^[A-Za-z0-9._-]{1,64}$</c>.</summary>
public static class Identifiers
{
    /// <summary>The longest identifier accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>The rule, as people read it in error messages.</summary>
    public const string Rule = "1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-' (not only dots)";

    /// <summary>Whether <paramref name="value"/> is a valid cluster id, service, zone or incarnation.</summary>
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > MaxLength)
        {
            return false;
        }

        var onlyDots = true;
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }

            onlyDots &= c == '.';
        }

        // "." and ".." match the pattern but are path segments that HTTP clients rewrite,
        // so a cluster with such an id could never be reported or deregistered.
        return !onlyDots;
    }

    /// <summary>Whether <paramref name="value"/> is present and valid.</summary>
    public static bool IsValid(string? value) => value is not null && IsValid(value.AsSpan());
}
