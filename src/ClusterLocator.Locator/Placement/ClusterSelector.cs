using System.Buffers;
using System.Runtime.CompilerServices;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Placement;

/// <summary>
/// The locate decision: filters the service's clusters (eligible now, protocol, exclude),
/// prefers the client's zone, then lets the key (consistent hashing, <see cref="AffinityRing"/>) or the policy choose, and counts
/// the placement so the next decision sees the cluster's reduced headroom. It asks the service's
/// <see cref="DecisionIndex"/> first (O(log n), or O(1) for the random policies); a request the index
/// cannot answer exactly, or a policy that needs every candidate listed, scans the entries.
/// </summary>
internal sealed class ClusterSelector(IPlacementPolicy policy)
{
    private const int StackCandidates = 128;

    /// <summary>How many times a scan chooses again when reports keep replacing the cluster it chose.</summary>
    private const int MaxScans = 4;

    public IPlacementPolicy Policy { get; } = policy;

    /// <summary>
    /// Chooses a cluster for <paramref name="request"/> among the clusters of <paramref name="index"/>
    /// and, unless <paramref name="recordPlacement"/> is false, counts the placement on it. The locate
    /// endpoint passes false and counts it itself, when the client's placement share allows.
    /// </summary>
    public PlacementResult Select(DecisionIndex index, LocateRequest request, long now, bool recordPlacement = true) =>
        Choose(index, request, now, recordPlacement, preview: false);

    /// <summary>
    /// The same over <paramref name="entries"/> (ordered by id) with an index built for this one
    /// decision, in O(n): for explanations, tests and callers that keep no index.
    /// </summary>
    public PlacementResult Select(ClusterEntry[] entries, LocateRequest request, long now, bool recordPlacement = true) =>
        Choose(new DecisionIndex(entries, now, claim: false), request, now, recordPlacement, preview: false);

    /// <summary>
    /// The cluster <see cref="Select(ClusterEntry[], LocateRequest, long, bool)"/> would choose now,
    /// counting nothing and moving no policy state (<see cref="IPlacementPolicy.Peek"/>): what an
    /// explanation shows.
    /// </summary>
    public PlacementResult Preview(ClusterEntry[] entries, LocateRequest request, long now) =>
        Choose(new DecisionIndex(entries, now, claim: false), request, now, recordPlacement: false, preview: true);

    private PlacementResult Choose(DecisionIndex index, LocateRequest request, long now, bool recordPlacement, bool preview)
    {
        if (index.Serves(request, now) && index.Tree.Max >= 0)
        {
            var slot = request.Key is { } key ? index.Ring.Find(AffinityHash.Of(key), index.Tree) : Policy.PickSlot(index, preview);
            // A slot past the entries is a padding leaf of the tree, reached by a read torn by a
            // placement racing this one: the scan settles it as it settles a stale pick.
            if ((uint)slot < (uint)index.Entries.Length)
            {
                // The index is read without a lock: a placement or a report racing this decision may
                // have made the cluster ineligible since, which the scan then settles.
                var cluster = Volatile.Read(ref index.Entries[slot]);
                var state = cluster.StateAt(now);
                if (state.IsEligible && cluster.AddressFor(request.Protocol) is { } address)
                {
                    if (recordPlacement)
                    {
                        cluster.RecordPlacement();
                    }

                    return PlacementResult.ForCluster(cluster, request.Protocol ?? cluster.PreferredProtocol, address, state.Health);
                }
            }
        }

        return Scan(index.Entries, request, now, recordPlacement, preview, attempt: 1);
    }

    // The reference the index agrees with, for the requests it does not answer.
    // Locals are not zeroed: the candidate buffer is written before it is read, and zeroing up to
    // 3 KiB of stack would cost more than the whole decision over a few clusters.
    [SkipLocalsInit]
    private PlacementResult Scan(ClusterEntry[] entries, LocateRequest request, long now, bool recordPlacement, bool preview, int attempt)
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
            var chosen = candidates[request.Key is not null ? AffinityRing.ByScan(entries, candidates, AffinityHash.Of(request.Key)) : preview ? Policy.Peek(candidates) : Policy.Pick(candidates)];
            // Read again: a report replaces an entry in place, so the one chosen may not be the one
            // judged. One that no longer qualifies (draining, expired, its protocol gone) means the
            // choice is made again over what the service is now.
            var cluster = Volatile.Read(ref entries[chosen.Index]);
            var chosenState = cluster.StateAt(now);
            if (!chosenState.IsEligible || cluster.AddressFor(protocol) is not { } address || (checkExclude && IsExcluded(cluster.ClusterId, exclude)))
            {
                return attempt < MaxScans
                    ? Scan(entries, request, now, recordPlacement, preview, attempt + 1)
                    : PlacementResult.ForFailure(NoPlacementExplainer.Explain(entries, request, now));
            }

            if (recordPlacement)
            {
                cluster.RecordPlacement();
            }

            return PlacementResult.ForCluster(
                cluster,
                protocol ?? cluster.PreferredProtocol,
                address,
                chosenState.Health);
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
}
