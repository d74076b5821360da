using System.Globalization;

namespace ClusterLocator.ProxyBench.Clients;

/// <summary>One bulk run; <see cref="ToString"/> is the <c>key=value</c> line bench/run-proxy.sh reads.</summary>
internal sealed record BulkResult(BulkDirection Direction, int Connections, long Bytes, TimeSpan Elapsed, TimeSpan ClientCpu)
{
    public double MebibytesPerSecond => Bytes / 1048576.0 / Elapsed.TotalSeconds;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"bulk direction={Direction.ToString().ToLowerInvariant()} connections={Connections} bytes={Bytes} seconds={Elapsed.TotalSeconds:0.000} mibps={MebibytesPerSecond:0.0} client_cores={ClientCpu / Elapsed:0.00}");
}
