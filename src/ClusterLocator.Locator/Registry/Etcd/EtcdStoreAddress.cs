using ClusterLocator.Protocol.Validation;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// Reads a store address, <c>etcd://HOST:PORT[,HOST:PORT…]</c> (or <c>etcds://</c> for TLS), into the
/// endpoint list the etcd client takes.
/// </summary>
internal static class EtcdStoreAddress
{
    public const string Scheme = "etcd://";

    public const string TlsScheme = "etcds://";

    public static bool IsEtcd(string store) =>
        store.StartsWith(Scheme, StringComparison.Ordinal) || store.StartsWith(TlsScheme, StringComparison.Ordinal);

    /// <summary>Parses <paramref name="store"/>; on failure <paramref name="error"/> says what to write instead.</summary>
    public static bool TryParse(string store, out string endpoints, out bool tls, out string? error)
    {
        endpoints = string.Empty;
        tls = store.StartsWith(TlsScheme, StringComparison.Ordinal);
        var list = store[(tls ? TlsScheme : Scheme).Length..];
        var urls = new List<string>();
        foreach (var member in list.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!EndpointAddress.TryParseTcp(member, out var host, out var port))
            {
                error = $"LocatorOptions.Store '{store}' has '{member}', which is not HOST:PORT: use etcd://HOST:PORT[,HOST:PORT…], for example etcd://127.0.0.1:2379.";
                return false;
            }

            urls.Add($"{(tls ? "https" : "http")}://{host}:{port}");
        }

        endpoints = string.Join(',', urls);
        error = null;
        return true;
    }
}
