namespace ClusterLocator.Controller;

/// <summary>What <see cref="SessionGate"/> decided for a new session.</summary>
internal enum Admission
{
    /// <summary>The session may start; end it with <see cref="SessionGate.Exit(System.Net.IPAddress?)"/>.</summary>
    Admitted,

    /// <summary>The cluster is draining: no new session.</summary>
    Draining,

    /// <summary>The cluster holds its maximum of sessions.</summary>
    Full,

    /// <summary>The client already holds its share of the cluster's sessions; other clients still get in.</summary>
    ClientLimit,
}
