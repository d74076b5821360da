namespace ClusterLocator.Controller.Members;

/// <summary>One member server: its address, its health from probes, and its live sessions.</summary>
internal sealed class Member(string host, int port)
{
    /// <summary>Consecutive failed probes that mark a member down.</summary>
    public const int FailuresToMarkDown = 2;

    private int _sessions;
    private int _failures;
    private volatile bool _healthy = true;

    public string Host { get; } = host;

    public int Port { get; } = port;

    public string Address { get; } = host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";

    /// <summary>The member's base URL for the HTTP front door, built once rather than per request.</summary>
    public string HttpPrefix => field ??= $"http://{Address}/";

    /// <summary>Members start healthy and are probed at once; two failures in a row mark one down.</summary>
    public bool IsHealthy => _healthy;

    public int Sessions => Volatile.Read(ref _sessions);

    public void SessionStarted() => Interlocked.Increment(ref _sessions);

    public void SessionEnded() => Interlocked.Decrement(ref _sessions);

    /// <summary>Records a probe; returns true when the member's health changed.</summary>
    public bool RecordProbe(bool success)
    {
        if (success)
        {
            _failures = 0;
            var changed = !_healthy;
            _healthy = true;
            return changed;
        }

        if (++_failures >= FailuresToMarkDown && _healthy)
        {
            _healthy = false;
            return true;
        }

        return false;
    }
}
