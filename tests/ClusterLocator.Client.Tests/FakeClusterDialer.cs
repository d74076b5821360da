using System.Collections.Concurrent;

namespace ClusterLocator.Client.Tests;

/// <summary>Opens sessions with any controller but the ones told to refuse; records every address dialed.</summary>
internal sealed class FakeClusterDialer : IClusterDialer
{
    public const string RefusalReason = "the controller reset the connection at once (full or draining)";

    private readonly ConcurrentDictionary<string, string> _refusing = new(StringComparer.Ordinal);
    private readonly List<string> _dialed = [];

    public IReadOnlyList<string> Dialed
    {
        get
        {
            lock (_dialed)
            {
                return [.. _dialed];
            }
        }
    }

    /// <summary>When set, every dial waits on it (a controller that takes its time).</summary>
    public Func<string, CancellationToken, Task<Stream>>? Dial { get; set; }

    public void Refuse(string address, string reason = RefusalReason) => _refusing[address] = reason;

    public async ValueTask<Stream> DialAsync(string address, CancellationToken cancellationToken)
    {
        lock (_dialed)
        {
            _dialed.Add(address);
        }

        if (_refusing.TryGetValue(address, out var reason))
        {
            throw new ClusterDialException(reason);
        }

        return Dial is null ? new MemoryStream() : await Dial(address, cancellationToken);
    }
}
