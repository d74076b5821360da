using ClusterLocator.Protocol.Tls;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Controller.Reporting;

/// <summary>
/// The HTTP client the controller reports to its locators with: its own, apart from the member probes',
/// so the locators' CA and the client certificate (<see cref="ControllerOptions.LocatorCa"/>,
/// <see cref="ControllerOptions.TlsClientCert"/>) reach the locators only. A holder of its own rather
/// than an <see cref="HttpClient"/> service, so an application that embeds the controller keeps its
/// <see cref="HttpClient"/> and its <c>IHttpClientFactory</c> defaults (resilience handlers, say) stay
/// off the reports, whose timeouts and back-off are the agent's.
/// </summary>
/// <param name="options">The controller's options; the TLS files are read when the holder is made.</param>
internal sealed class LocatorHttpClient(ControllerOptions options) : IDisposable
{
    /// <summary>The client; its handler, made once, lives as long as the controller, and the certificates with it.</summary>
    public HttpClient Client { get; } = new(CreateHandler(options));

    /// <summary>The properties of the TLS files, as messages name them.</summary>
    public static readonly TlsFiles TlsProperties = new("ControllerOptions.LocatorCa", "ControllerOptions.TlsClientCert", "ControllerOptions.TlsClientKey");

    /// <summary>Whose process reads the TLS files, as messages say it.</summary>
    public const string FileReader = "the controller's user";

    /// <summary>A handler for the locators of <paramref name="options"/>; the TLS files are read here, once.</summary>
    /// <exception cref="OptionsValidationException">A TLS file is missing or unusable; the failures name each one and its fix.</exception>
    public static HttpMessageHandler CreateHandler(ControllerOptions options)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
        if (options.LocatorCa is null && options.TlsClientCert is null && options.TlsClientKey is null)
        {
            return handler;
        }

        var reader = new PemFileReader(FileReader);
        var tls = ClientTls.Load(
            reader,
            TlsProperties,
            options.LocatorCa,
            options.TlsClientCert,
            options.TlsClientKey,
            "the CA certificate(s) that issued the locators' certificates",
            ", so a locator that checks client certificates refuses it");
        if (tls is null)
        {
            handler.Dispose();
            throw new OptionsValidationException(Options.DefaultName, typeof(ControllerOptions), reader.Errors);
        }

        // The certificates live as long as the handler, which lives as long as the controller.
        return tls.ConfigureHandler(handler);
    }

    public void Dispose() => Client.Dispose();
}
