using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Hosting;

/// <summary>
/// Where the server listens, as decided once it has bound (<see cref="BoundAddressCheck"/>): whether
/// every address is on loopback, so requests for other hosts are refused, and the transport
/// <c>/v1/status</c> reports.
/// </summary>
internal sealed class ListenScope
{
    // Until the server has bound, a request is held to the loopback rule: nothing is known yet, and a
    // locator that turns out to listen beyond loopback refuses at most what arrives in that moment.
    private volatile bool _loopbackOnly = true;
    private volatile string? _transport;

    /// <summary>Whether the server listens on loopback only, so a request must name a loopback host.</summary>
    public bool LoopbackOnly => _loopbackOnly;

    /// <summary>One of <see cref="LocatorTransports"/>; null until known, or when the server does not say where it listens.</summary>
    public string? Transport => _transport;

    /// <summary>Decides from the addresses the server bound. No address: the server does not say, so nothing is judged.</summary>
    public void Publish(IReadOnlyCollection<string> addresses)
    {
        if (addresses.Count == 0)
        {
            _loopbackOnly = false;
            return;
        }

        var beyond = addresses.Where(address => !ListenAddresses.IsLoopback(address)).ToList();
        _transport = beyond.Any(address => !IsHttps(address)) ? LocatorTransports.Plaintext
            : beyond.Count > 0 || addresses.All(IsHttps) ? LocatorTransports.Tls
            : LocatorTransports.Loopback;
        _loopbackOnly = beyond.Count == 0;
    }

    private static bool IsHttps(string address) => address.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
