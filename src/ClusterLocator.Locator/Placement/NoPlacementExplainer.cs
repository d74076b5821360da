using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Placement;

/// <summary>Says why no cluster was eligible, in words an operator can act on. Off the hot path.</summary>
internal static class NoPlacementExplainer
{
    public static string Explain(ClusterEntry[] entries, LocateRequest request, long now)
    {
        if (entries.Length == 0)
        {
            return $"No cluster of service '{request.Service}' is registered: start a controller with --service {request.Service}, or check the service name.";
        }

        int expired = 0, draining = 0, noProtocol = 0, excluded = 0, zeroHealth = 0;
        foreach (var entry in entries)
        {
            var eligibility = entry.StateAt(now).Eligibility;
            if (eligibility == Eligibility.Expired)
            {
                expired++;
            }
            else if (eligibility == Eligibility.Draining)
            {
                draining++;
            }
            else if (request.Protocol is not null && entry.AddressFor(request.Protocol) is null)
            {
                noProtocol++;
            }
            else if (ClusterSelector.IsExcluded(entry.ClusterId, request.Exclude))
            {
                excluded++;
            }
            else
            {
                zeroHealth++;
            }
        }

        var total = entries.Length;
        var what = total == 1 ? $"The one cluster of service '{request.Service}'" : $"All {total} clusters of service '{request.Service}'";
        if (expired == total)
        {
            return $"{what} {(total == 1 ? "has" : "have")} expired: no report arrived within the lease. Check that the controllers are running and can reach this locator.";
        }

        if (draining == total)
        {
            return $"{what} {(total == 1 ? "is" : "are")} draining: they finish their sessions and take no new ones. Retry when a cluster is active again.";
        }

        if (zeroHealth == total)
        {
            return $"{what} {(total == 1 ? "is" : "are")} at zero health: full, or without a healthy member. Add capacity or fix the members.";
        }

        if (noProtocol == total)
        {
            return $"No cluster of service '{request.Service}' offers protocol '{request.Protocol}': ask for another protocol, or leave it out.";
        }

        if (excluded == total)
        {
            return $"{what} {(total == 1 ? "is" : "are")} excluded by the request: there is nowhere else to go.";
        }

        var parts = new List<string>(5);
        Add(parts, expired, "expired");
        Add(parts, draining, "draining");
        Add(parts, zeroHealth, "at zero health");
        Add(parts, noProtocol, $"without protocol '{request.Protocol}'");
        Add(parts, excluded, "excluded");
        return $"None of the {total} clusters of service '{request.Service}' is eligible: {string.Join(", ", parts)}.";

        static void Add(List<string> parts, int count, string what)
        {
            if (count > 0)
            {
                parts.Add($"{count} {what}");
            }
        }
    }
}
