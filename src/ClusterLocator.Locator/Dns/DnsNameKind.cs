namespace ClusterLocator.Locator.Dns;

/// <summary>The shapes of name the locator answers for (<see cref="DnsQueryName"/>).</summary>
internal enum DnsNameKind
{
    /// <summary>Not under the locator's domain: refused.</summary>
    Outside,

    /// <summary>The domain itself: it exists, and has no records.</summary>
    Apex,

    /// <summary><c>_SERVICE._tcp[.ZONE].DOMAIN</c> or <c>_SERVICE._http[.ZONE].DOMAIN</c>: an SRV locate.</summary>
    ServiceRecord,

    /// <summary><c>SERVICE.DOMAIN</c>: an A or AAAA locate.</summary>
    Service,

    /// <summary><c>ID.cluster.DOMAIN</c>: a cluster's address, the target of an SRV answer.</summary>
    Cluster,

    /// <summary>Under the domain, but of no shape above: no such name.</summary>
    Unknown,
}
