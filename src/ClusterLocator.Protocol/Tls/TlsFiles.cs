namespace ClusterLocator.Protocol.Tls;

/// <summary>The option properties that name a client's TLS files, as messages about them say: <c>LocatorOptions.StoreCa</c>.</summary>
internal sealed record TlsFiles(string Ca, string Certificate, string Key);
