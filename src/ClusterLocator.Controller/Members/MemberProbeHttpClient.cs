namespace ClusterLocator.Controller.Members;

/// <summary>
/// The HTTP client of the member probes: no proxy, and pooled connections recycled each minute so a
/// member behind a DNS name can move. A holder of its own rather than an <see cref="HttpClient"/>
/// service, as <see cref="Reporting.LocatorHttpClient"/> is.
/// </summary>
internal sealed class MemberProbeHttpClient : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) });

    public void Dispose() => Client.Dispose();
}
