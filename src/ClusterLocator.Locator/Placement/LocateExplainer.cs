using System.Globalization;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Placement;

/// <summary>
/// Builds the answer to <c>explain=true</c>: every cluster of the service with its state and the
/// inputs of its health, and the cluster the real <see cref="ClusterSelector"/> picks with counting
/// off, so the explanation cannot drift from what a locate does. Off the hot path.
/// </summary>
internal static class LocateExplainer
{
    public const string Eligible = "eligible";
    public const string Excluded = "excluded";
    public const string NoProtocol = "no-protocol";
    public const string Draining = "draining";
    public const string Expired = "expired";
    public const string ZeroHealth = "zero-health";

    public static LocateExplanation Explain(ClusterSelector selector, ClusterRegistry registry, ClusterEntry[] entries, LocateRequest request, long now)
    {
        var result = selector.Preview(entries, request, now);
        var candidates = new ExplainedCandidate[entries.Length];
        int eligible = 0, inZone = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            var state = entry.StateAt(now);
            var excluded = ClusterSelector.IsExcluded(entry.ClusterId, request.Exclude);
            var name = state.Eligibility switch
            {
                Eligibility.Expired => Expired,
                Eligibility.Draining => Draining,
                _ when request.Protocol is not null && entry.AddressFor(request.Protocol) is null => NoProtocol,
                _ when excluded => Excluded,
                Eligibility.ZeroHealth => ZeroHealth,
                _ => Eligible,
            };
            var isEligible = name == Eligible;
            bool? zoneMatch = request.Zone is null ? null : string.Equals(entry.Zone, request.Zone, StringComparison.Ordinal);
            if (isEligible)
            {
                eligible++;
                inZone += zoneMatch == true ? 1 : 0;
            }

            var load = entry.Report.Load!;
            candidates[i] = new ExplainedCandidate
            {
                ClusterId = entry.ClusterId,
                State = name,
                Eligible = isEligible,
                Stale = registry.IsStale(entry, now),
                Health = Math.Round(state.Health, 4),
                NextHealth = isEligible ? Math.Round(entry.NextHealth, 4) : null,
                Sessions = entry.Sessions,
                Capacity = entry.Capacity,
                Cpu = load.Cpu,
                Memory = load.Memory,
                HealthyMembers = load.HealthyMembers,
                Members = load.Members,
                PlacedSinceReport = entry.Placed,
                ReportAgeMs = (long)registry.Elapsed(entry.ReportedAt, now).TotalMilliseconds,
                Zone = entry.Zone,
                ZoneMatch = zoneMatch,
                Excluded = excluded,
            };
        }

        return new LocateExplanation
        {
            Service = request.Service,
            Policy = selector.Policy.Name,
            Chosen = result.Cluster?.ClusterId,
            Reason = result.IsPlaced ? Reason(selector.Policy.Name, request, result, eligible, inZone) : result.FailureDetail!,
            Candidates = candidates,
        };
    }

    private static string Reason(string policy, LocateRequest request, PlacementResult result, int eligible, int inZone)
    {
        var considered = inZone > 0 ? inZone : eligible;
        var zone = request.Zone is null ? string.Empty
            : inZone > 0 ? $" Zone '{request.Zone}' is preferred: {inZone} of the {eligible} eligible clusters are in it, so only those were considered."
            : $" No eligible cluster is in zone '{request.Zone}', so all {eligible} were considered.";
        var health = result.Health.ToString("0.000", CultureInfo.InvariantCulture);
        var why = request.Key is not null
            ? $"The key goes by consistent hashing to the cluster that follows one of its points on the ring most closely, among the {considered} considered; it stays there while that cluster is eligible."
            : policy switch
            {
                PlacementPolicies.Best => $"Policy 'best': the highest health once it takes this session, among the {considered} considered (health now {health}); equally healthy clusters are chosen between at random.",
                PlacementPolicies.PowerOfTwoChoices => $"Policy 'p2c': the healthier of two of the {considered} considered drawn at random (health {health}); the next locate may choose differently.",
                PlacementPolicies.Weighted => $"Policy 'weighted': drawn at random among the {considered} considered in proportion to health × capacity (health {health}); the next locate may choose differently.",
                PlacementPolicies.RoundRobin => $"Policy 'round-robin': each of the {considered} considered in turn, whatever its health; this is the one the next locate takes (explaining does not use up a turn).",
                _ => $"Policy '{policy}' chose among the {considered} considered (health {health}).",
            };
        return why + zone;
    }
}
