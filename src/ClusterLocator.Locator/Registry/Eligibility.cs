namespace ClusterLocator.Locator.Registry;

/// <summary>Whether a locate may place a session on a cluster at an instant, and if not, why.</summary>
internal enum Eligibility : byte
{
    /// <summary>Its lease lasts, it is active and it has headroom: a locate may choose it, stale or not.</summary>
    Eligible,

    /// <summary>Alive and active, but at zero health: full, or without a healthy member.</summary>
    ZeroHealth,

    /// <summary>Alive but draining: it finishes its sessions and takes no new ones.</summary>
    Draining,

    /// <summary>Its lease ran out: no report arrived within it, or the store said it expired.</summary>
    Expired,
}
