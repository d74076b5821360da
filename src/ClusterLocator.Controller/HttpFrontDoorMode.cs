namespace ClusterLocator.Controller;

/// <summary>How the HTTP front door sends requests to the members (<see cref="ControllerOptions.HttpMode"/>).</summary>
public enum HttpFrontDoorMode
{
    /// <summary>
    /// Each request on its own: forwarded to the healthy member with the fewest requests in flight,
    /// a request in flight is a session, and a member failing before it answers gets 502 (with the
    /// relocate header when the request is idempotent).
    /// </summary>
    PerRequest,

    /// <summary>
    /// The connection pinned to one member: its first request is admitted and placed as in
    /// <see cref="PerRequest"/>, then the connection's bytes are relayed both ways as the TCP front door
    /// does, so later requests on it go to the same member without being parsed again. The session is
    /// the connection. HTTP/1.1 only (TLS offers no HTTP/2); costs about what a TCP session costs.
    /// </summary>
    Pinned,
}
