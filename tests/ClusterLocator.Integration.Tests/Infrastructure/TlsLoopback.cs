using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ClusterLocator.Controller;
using ClusterLocator.Controller.Hosting;
using ClusterLocator.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>What a test needs to talk TLS to a loopback server made with <see cref="TestCertificates"/>.</summary>
internal static class TlsLoopback
{
    /// <summary>A handler that trusts the CA in <paramref name="caFile"/> alone, host name checked, as <c>--locator-ca</c> does.</summary>
    public static SocketsHttpHandler Trusting(string caFile)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.ImportFromPemFile(caFile);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = policy;
        return handler;
    }

    /// <summary>
    /// Starts a controller of cluster <paramref name="clusterId"/> in front of <paramref name="member"/>
    /// that reports to the https <paramref name="locator"/>, trusting the test CA (<c>--locator-ca</c>)
    /// and presenting the test client certificate (<c>--tls-client-cert</c>). Stop it when done.
    /// </summary>
    public static async Task<IHost> StartControllerAsync(TestCertificates certificates, string clusterId, string service, Uri locator, string member)
    {
        var options = new ControllerOptions
        {
            ClusterId = clusterId,
            Service = service,
            Capacity = 10,
            ReportInterval = TimeSpan.FromMilliseconds(100),
            DrainTimeout = TimeSpan.Zero,
            ReportHostUsage = false,
            LocatorCa = certificates.CaFile,
            TlsClientCert = certificates.ClientCertFile,
            TlsClientKey = certificates.ClientKeyFile,
        };
        options.Listen.Add(new Uri("tcp://127.0.0.1:0"));
        options.Members.Add(member);
        options.Locators.Add(locator);
        var host = ControllerHost.Build(options, logging => logging.SetMinimumLevel(LogLevel.Critical));
        await host.StartAsync().DefaultTimeout();
        return host;
    }

    /// <summary>
    /// The certificate a new TLS connection to <paramref name="server"/> is shown, whatever its
    /// trust, and the application protocol agreed when <paramref name="alpn"/> is offered.
    /// </summary>
    public static async Task<(X509Certificate2 Certificate, SslApplicationProtocol Protocol)> HandshakeAsync(Uri server, params SslApplicationProtocol[] alpn)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port).DefaultTimeout();
        X509Certificate2? seen = null;
        await using var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = server.Host,
            ApplicationProtocols = alpn.Length == 0 ? null : [.. alpn],
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                // Any certificate is taken: the test looks at which one was shown, not whether it is trusted.
                seen = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                return seen is not null;
            },
        }).DefaultTimeout();
        return (seen!, ssl.NegotiatedApplicationProtocol);
    }

    /// <summary>The thumbprint of the certificate in a PEM file.</summary>
    public static string ThumbprintOf(string certFile)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certFile));
        return certificate.Thumbprint;
    }
}
