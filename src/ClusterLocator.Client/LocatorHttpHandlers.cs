using ClusterLocator.Protocol.Tls;

namespace ClusterLocator.Client;

/// <summary>The one way the SDK makes the handler it asks locators through, on its own or from dependency injection.</summary>
internal static class LocatorHttpHandlers
{
    /// <summary>
    /// A handler for the locators of <paramref name="options"/>, trusting <see cref="LocatorClientOptions.LocatorCa"/>
    /// and presenting <see cref="LocatorClientOptions.TlsClientCert"/> when given; the files are read here,
    /// once. <paramref name="tls"/> holds them for the handler's life.
    /// </summary>
    /// <exception cref="ArgumentException">A TLS file is missing or unusable; the message lists every problem.</exception>
    public static SocketsHttpHandler Create(LocatorClientOptions options, out ClientTls? tls)
    {
        tls = null;
        if (options.HasTlsFiles)
        {
            var reader = new PemFileReader(LocatorClientOptionsValidator.FileReader);
            tls = ClientTls.Load(
                reader,
                LocatorClientOptionsValidator.TlsProperties,
                options.LocatorCa,
                options.TlsClientCert,
                options.TlsClientKey,
                "the CA certificate(s) that issued the locators' certificates",
                ", so a locator that checks client certificates refuses it")
                ?? throw new ArgumentException(string.Join(Environment.NewLine, reader.Errors), nameof(options));
        }

        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.LocatorTimeout,

            // Locators behind a DNS name move; a pooled connection should not pin an old address forever.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),

            // A locator answers for itself; a redirect could carry the question and its token anywhere.
            AllowAutoRedirect = false,
        };
        return tls?.ConfigureHandler(handler) ?? handler;
    }
}
