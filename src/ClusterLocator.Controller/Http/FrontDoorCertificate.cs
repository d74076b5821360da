using System.Security.Cryptography.X509Certificates;
using ClusterLocator.Controller.Reporting;
using ClusterLocator.Protocol.Tls;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Controller.Http;

/// <summary>
/// The certificate an <c>https://</c> HTTP front door serves (<see cref="ControllerOptions.FrontDoorTlsCert"/>,
/// <see cref="ControllerOptions.FrontDoorTlsKey"/>), with the intermediates that follow it in its file.
/// Read once, when the controller is built: replacing it takes a restart, which a controller's drain
/// makes cheap (its clients relocate), unlike the locator's, which every client depends on.
/// </summary>
internal sealed class FrontDoorCertificate : IDisposable
{
    private FrontDoorCertificate(X509Certificate2 certificate, X509Certificate2Collection chain)
    {
        Certificate = certificate;
        Chain = chain;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The intermediates sent with <see cref="Certificate"/>.</summary>
    public X509Certificate2Collection Chain { get; }

    /// <summary>Reads the files of <paramref name="options"/>, which must both be given.</summary>
    /// <exception cref="OptionsValidationException">A file is missing or unusable; the failures name each one and its fix.</exception>
    public static FrontDoorCertificate Load(ControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var certFile = options.FrontDoorTlsCert ?? throw new ArgumentException("ControllerOptions.FrontDoorTlsCert is not given.", nameof(options));
        var keyFile = options.FrontDoorTlsKey ?? throw new ArgumentException("ControllerOptions.FrontDoorTlsKey is not given.", nameof(options));
        var reader = new PemFileReader(LocatorHttpClient.FileReader);
        var chain = new X509Certificate2Collection();
        var certificate = reader.ReadCertificateWithKey(
            "ControllerOptions.FrontDoorTlsCert", certFile, "ControllerOptions.FrontDoorTlsKey", keyFile, PemFileReader.ServerAuth, ", so clients refuse it", chain);
        if (certificate is null)
        {
            PemFileReader.DisposeAll(chain);
            throw new OptionsValidationException(Options.DefaultName, typeof(ControllerOptions), reader.Errors);
        }

        return new FrontDoorCertificate(certificate, chain);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        PemFileReader.DisposeAll(Chain);
    }
}
