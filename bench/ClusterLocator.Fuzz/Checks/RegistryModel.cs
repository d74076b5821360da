using System.Collections.Concurrent;
using ClusterLocator.Fuzz.Generation;

namespace ClusterLocator.Fuzz.Checks;

/// <summary>
/// The registry the locator's answers imply: a report answered 200 registers its cluster, a
/// deregistration answered 204 removes it, nothing else changes it. Workers own disjoint cluster ids,
/// so their updates never race for one id; between batches the model must equal the listing.
/// </summary>
internal sealed class RegistryModel
{
    /// <summary>The incarnation of a cluster whose last request had no answer: listed or not, the listing is right.</summary>
    private const string Unknown = "(unknown)";

    private readonly ConcurrentDictionary<string, ModelEntry> _clusters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _everReported = new(StringComparer.Ordinal);

    public int Count => _clusters.Count;

    /// <summary>Registers a cluster that is not the fuzzer's (an anchor every locate can land on).</summary>
    public void Register(string clusterId, string service, string incarnation)
    {
        _clusters[clusterId] = new ModelEntry(service, incarnation);
        _everReported[clusterId] = true;
    }

    /// <summary>
    /// Whether a placement on <paramref name="clusterId"/> can be right: some report for it was sent.
    /// (Not "answered 200": another worker's report may be registered before its answer arrives.)
    /// </summary>
    public bool WasReported(string clusterId) => _everReported.ContainsKey(clusterId);

    /// <summary>Notes a request before it is sent.</summary>
    public void Sending(FuzzCase fuzzCase)
    {
        if (fuzzCase.Effect.Kind == ModelEffectKind.Report)
        {
            _everReported[fuzzCase.Effect.ClusterId!] = true;
        }
    }

    /// <summary>Applies the answer to one request; returns why it contradicts the model, or null.</summary>
    public string? Apply(FuzzCase fuzzCase, int status)
    {
        var effect = fuzzCase.Effect;
        switch (effect.Kind)
        {
            case ModelEffectKind.None when status is 200 or 201 or 204 && IsRegistryWrite(fuzzCase):
                return $"a {fuzzCase.Method} the router must not take for a registry write was answered {status}";
            case ModelEffectKind.Report when status == 200:
                _clusters[effect.ClusterId!] = new ModelEntry(effect.Service, effect.Incarnation);
                return null;
            case ModelEffectKind.Delete when status == 204:
                return _clusters.TryRemove(effect.ClusterId!, out var removed) && removed.Incarnation is { } current && current != Unknown && current != effect.Incarnation
                    ? $"DELETE with incarnation '{effect.Incarnation}' removed cluster '{effect.ClusterId}' of incarnation '{current}'"
                    : null;
            case ModelEffectKind.Delete when status == 409:
                return !_clusters.TryGetValue(effect.ClusterId!, out var entry)
                    ? $"DELETE of '{effect.ClusterId}' answered 409 (another incarnation) but no accepted report registered it"
                    : entry.Incarnation == effect.Incarnation && entry.Incarnation != Unknown
                        ? $"DELETE of '{effect.ClusterId}' with its current incarnation '{effect.Incarnation}' answered 409"
                        : null;
            default:
                return null;
        }
    }

    /// <summary>Whether a request could write the registry if routed: a PUT or DELETE under /v1/clusters.</summary>
    private static bool IsRegistryWrite(FuzzCase fuzzCase) =>
        fuzzCase.Method.Method is "PUT" or "DELETE" && fuzzCase.Target.StartsWith("/v1/clusters", StringComparison.OrdinalIgnoreCase);

    /// <summary>The request's effect is unknown (no answer came): the listing decides for that id at the next check.</summary>
    public void Forget(string clusterId) => _clusters[clusterId] = new ModelEntry(null, Unknown);

    /// <summary>Every difference between the model and <paramref name="listed"/>.</summary>
    public List<string> Compare(IReadOnlyList<ListedCluster> listed)
    {
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cluster in listed)
        {
            if (!seen.Add(cluster.ClusterId))
            {
                problems.Add($"cluster '{cluster.ClusterId}' is listed twice");
                continue;
            }

            if (!_clusters.TryGetValue(cluster.ClusterId, out var expected))
            {
                problems.Add($"cluster '{cluster.ClusterId}' (service {cluster.Service}, incarnation {cluster.Incarnation}) is listed, but no accepted request registered it or it was deregistered");
                continue;
            }

            if (expected.Incarnation == Unknown)
            {
                _clusters[cluster.ClusterId] = new ModelEntry(cluster.Service, cluster.Incarnation);
                continue;
            }

            if (expected.Service is not null && expected.Service != cluster.Service)
            {
                problems.Add($"cluster '{cluster.ClusterId}' is listed with service '{cluster.Service}'; the last accepted report said '{expected.Service}'");
            }

            if (expected.Incarnation is not null && expected.Incarnation != cluster.Incarnation)
            {
                problems.Add($"cluster '{cluster.ClusterId}' is listed with incarnation '{cluster.Incarnation}'; the last accepted report said '{expected.Incarnation}'");
            }
        }

        foreach (var (clusterId, entry) in _clusters)
        {
            if (seen.Contains(clusterId))
            {
                continue;
            }

            if (entry.Incarnation == Unknown)
            {
                _clusters.TryRemove(clusterId, out _);
                continue;
            }

            problems.Add($"cluster '{clusterId}' (service {entry.Service ?? "?"}, incarnation {entry.Incarnation ?? "?"}) was registered by an accepted report but is not listed");
        }

        return problems;
    }
}
