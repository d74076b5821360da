using System.Buffers;
using System.Runtime.CompilerServices;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Placement;

/// <summary>
/// The locate decision: filters the service's clusters (eligible now, protocol, exclude),
/// prefers the client's zone, then lets the key (rendezvous hashing) or the policy choose, and counts
/// the placement so the next decision sees the cluster's reduced headroom.
/// </summary>
internal sealed class ClusterSelector(IPlacementPolicy policy)
{
    private const int StackCandidates = 128;

    public IPlacementPolicy Policy { get; } = policy;

    /// <summary>
    /// Chooses a cluster for <paramref name="request"/> among <paramref name="entries"/> and, unless
    /// <paramref name="recordPlacement"/> is false, counts the placement on it. The locate endpoint
    /// passes false and counts it itself, when the client's placement share allows.
    /// </summary>
    public PlacementResult Select(ClusterEntry[] entries, LocateRequest request, long now, bool recordPlacement = true) =>
        Choose(entries, request, now, recordPlacement, preview: false);

    /// <summary>
    /// The cluster <see cref="Select"/> would choose now, counting nothing and moving no policy state
    /// (<see cref="IPlacementPolicy.Peek"/>): what an explanation shows.
    /// </summary>
    public PlacementResult Preview(ClusterEntry[] entries, LocateRequest request, long now) =>
        Choose(entries, request, now, recordPlacement: false, preview: true);

    // Locals are not zeroed: the candidate buffer is written before it is read, and zeroing up to
    // 3 KiB of stack would cost more than the whole decision over a few clusters.
    [SkipLocalsInit]
    private PlacementResult Choose(ClusterEntry[] entries, LocateRequest request, long now, bool recordPlacement, bool preview)
    {
        Candidate[]? rented = null;
        var buffer = entries.Length <= StackCandidates
            ? stackalloc Candidate[entries.Length]
            : (rented = ArrayPool<Candidate>.Shared.Rent(entries.Length));
        try
        {
            // Read once: the loop below runs for every cluster of the service.
            var protocol = request.Protocol;
            var zone = request.Zone;
            var exclude = request.Exclude;
            var checkExclude = exclude.Count > 0;
            var count = 0;
            var inZone = 0;
            for (var i = 0; i < entries.Length; i++)
            {
                var entry = entries[i];
                var state = entry.StateAt(now);
                if (!state.IsEligible
                    || (protocol is not null && entry.AddressFor(protocol) is null)
                    || (checkExclude && IsExcluded(entry.ClusterId, exclude)))
                {
                    continue;
                }

                var candidate = new Candidate(i, state.Health, entry.Capacity, entry.NextHealth);
                if (zone is not null && string.Equals(entry.Zone, zone, StringComparison.Ordinal))
                {
                    // Keep the client's zone at the front, so its candidates are buffer[..inZone].
                    buffer[count++] = buffer[inZone];
                    buffer[inZone++] = candidate;
                }
                else
                {
                    buffer[count++] = candidate;
                }
            }

            if (count == 0)
            {
                return PlacementResult.ForFailure(NoPlacementExplainer.Explain(entries, request, now));
            }

            var candidates = buffer[..(inZone > 0 ? inZone : count)];
            var chosen = candidates[request.Key is not null ? ByKey(entries, candidates, request.Key) : preview ? Policy.Peek(candidates) : Policy.Pick(candidates)];
            var cluster = entries[chosen.Index];
            if (recordPlacement)
            {
                cluster.RecordPlacement();
            }

            return PlacementResult.ForCluster(
                cluster,
                protocol ?? cluster.PreferredProtocol,
                cluster.AddressFor(protocol)!,
                chosen.Health);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<Candidate>.Shared.Return(rented);
            }
        }
    }

    internal static bool IsExcluded(string clusterId, IReadOnlyList<string> exclude)
    {
        for (var i = 0; i < exclude.Count; i++)
        {
            if (string.Equals(exclude[i], clusterId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Rendezvous hashing: the key goes to the cluster with the highest score, so it moves only when that cluster leaves.</summary>
    private static int ByKey(ClusterEntry[] entries, ReadOnlySpan<Candidate> candidates, string key)
    {
        var keyHash = AffinityHash.Of(key);
        var best = 0;
        var bestScore = 0UL;
        for (var i = 0; i < candidates.Length; i++)
        {
            var score = AffinityHash.Score(keyHash, entries[candidates[i].Index].IdHash);
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }
}
