using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Locator.Tests;

/// <summary>Builds <see cref="ClusterEntry"/> values on an explicit clock, for selector tests.</summary>
internal static class Entries
{
    /// <summary>The time the selector tests locate at.</summary>
    public const long Now = 1_000_000;

    /// <summary>An entry reported at <see cref="Now"/>, alive for a while.</summary>
    public static ClusterEntry Alive(string id, ClusterReport? report = null) =>
        new(id, report ?? Reports.Create(), reportedAt: Now, leaseExpiresAt: Now + 3_000);

    /// <summary>An entry whose lease ran out at <see cref="Now"/>.</summary>
    public static ClusterEntry Expired(string id, ClusterReport? report = null) =>
        new(id, report ?? Reports.Create(), reportedAt: Now - 3_000, leaseExpiresAt: Now);
}
