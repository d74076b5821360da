using System.Globalization;

namespace ClusterLocator.ProxyBench.Clients;

/// <summary>One request/response run; <see cref="ToString"/> is the <c>key=value</c> line bench/run-proxy.sh reads.</summary>
internal sealed record PingPongResult(int Connections, int Size, TimeSpan Duration, long Requests, double P50Microseconds, double P99Microseconds, TimeSpan ClientCpu)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"ping-pong connections={Connections} size={Size} seconds={Duration.TotalSeconds:0.000} requests={Requests} rps={RequestsPerSecond:0} p50_us={P50Microseconds:0.0} p99_us={P99Microseconds:0.0} client_cores={ClientCpu / Duration:0.00}");
}
