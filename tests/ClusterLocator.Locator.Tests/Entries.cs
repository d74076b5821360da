using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Locator.Tests;

/// <summary>Builds <see cref="ClusterEntry"/> values on an explicit clock, for selector tests.</summary>
internal static class Entries
{
    /// <summary>The time the selector tests locate at.</summary>
    public const long Now = 1_000_000;

    /// <summary>An entry reported at <see cref="Now"/>, alive and fresh for a long time.</summary>
    public static ClusterEntry Alive(string id, ClusterReport? report = null) =>
        new(id, report ?? Reports.Create(), reportedAt: Now, leaseExpiresAt: Now + 3_000, staleAfter: Now + 2_000);

    /// <summary>An entry whose lease ran out at <see cref="Now"/>.</summary>
    public static ClusterEntry Expired(string id, ClusterReport? report = null) =>
        new(id, report ?? Reports.Create(), reportedAt: Now - 3_000, leaseExpiresAt: Now, staleAfter: Now - 1_000);

    /// <summary>An entry still alive but past its stale time.</summary>
    public static ClusterEntry Stale(string id, ClusterReport? report = null) =>
        new(id, report ?? Reports.Create(), reportedAt: Now - 2_500, leaseExpiresAt: Now + 500, staleAfter: Now - 500);
}
