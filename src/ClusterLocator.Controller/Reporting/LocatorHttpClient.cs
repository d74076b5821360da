using ClusterLocator.Protocol.Tls;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Controller.Reporting;

/// <summary>
/// The HTTP client the controller reports to its locators with: its own, apart from the member probes',
/// so the locators' CA and the client certificate (<see cref="ControllerOptions.LocatorCa"/>,
/// <see cref="ControllerOptions.TlsClientCert"/>) reach the locators only.
/// </summary>
internal static class LocatorHttpClient
{
    /// <summary>The key it is registered under.</summary>
    public const string Key = "ClusterLocator.Controller.Locators";

    /// <summary>The properties of the TLS files, as messages name them.</summary>
    public static readonly TlsFiles TlsProperties = new("ControllerOptions.LocatorCa", "ControllerOptions.TlsClientCert", "ControllerOptions.TlsClientKey");

    /// <summary>Whose process reads the TLS files, as messages say it.</summary>
    public const string FileReader = "the controller's user";

    /// <summary>A client for the locators of <paramref name="options"/>; the TLS files are read here, once.</summary>
    /// <exception cref="OptionsValidationException">A TLS file is missing or unusable; the failures name each one and its fix.</exception>
    public static HttpClient Create(ControllerOptions options)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
        if (options.LocatorCa is null && options.TlsClientCert is null && options.TlsClientKey is null)
        {
            return new HttpClient(handler);
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
        return new HttpClient(tls.ConfigureHandler(handler));
    }
}
