namespace ClusterLocator.Locator.Registry;

/// <summary>
/// A stable 64-bit hash (FNV-1a then a SplitMix64 finalizer) for the key's consistent hashing
/// (<see cref="Placement.AffinityRing"/>). Stable across processes and locators, unlike
/// <see cref="string.GetHashCode()"/>, so every locator maps a key to the same cluster.
/// </summary>
internal static class AffinityHash
{
    public static ulong Of(ReadOnlySpan<char> value)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return Mix(hash);
    }

    /// <summary>The <paramref name="probe"/>-th point (from 0) of a key on the ring.</summary>
    public static ulong Probe(ulong keyHash, int probe) => Mix(keyHash ^ ((ulong)(probe + 1) * 0x9E3779B97F4A7C15UL));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
