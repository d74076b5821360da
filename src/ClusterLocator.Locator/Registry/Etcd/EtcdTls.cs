using System.Net.Security;
using ClusterLocator.Protocol.Tls;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// What the locator brings to a TLS connection with etcd (<c>etcds://</c>): the CA certificates
/// that etcd's server certificate must chain to (<see cref="LocatorOptions.StoreCa"/>; the machine's
/// trust store when absent), and the client certificate it presents for etcd's <c>--client-cert-auth</c>
/// (<see cref="LocatorOptions.StoreCert"/>, <see cref="LocatorOptions.StoreKey"/>). Read from PEM
/// files once, when the etcd client is made.
/// </summary>
internal sealed class EtcdTls : IDisposable
{
    /// <summary>Why etcd dropped the connection, when it asked for a client certificate and none was given.</summary>
    public const string ClientCertificateRequired =
        "etcd asked for a client certificate (it runs with --client-cert-auth) and the locator has none: give one and its key (LocatorOptions.StoreCert and StoreKey; --store-cert and --store-key on the command line), issued by a CA in etcd's --trusted-ca-file.";

    private static readonly TlsFiles Properties = new("LocatorOptions.StoreCa", "LocatorOptions.StoreCert", "LocatorOptions.StoreKey");

    private readonly ClientTls _tls;
    private volatile bool _clientCertificateWanted;

    private EtcdTls(ClientTls tls)
    {
        _tls = tls;
    }

    /// <summary>
    /// Whether etcd asked for a client certificate the locator does not have, since the last call that
    /// went through. etcd then drops the connection after the handshake, which TLS 1.3 leaves
    /// unexplained on this side ("the server did not complete the HTTP/2 handshake").
    /// </summary>
    public bool ClientCertificateMissing => _clientCertificateWanted;

    /// <summary>
    /// Reads the files named in <paramref name="options"/>, the one time they are read. The options
    /// validator has checked which files go together; what they hold is checked here.
    /// </summary>
    /// <exception cref="OptionsValidationException">A file is missing or unusable; the failures name each one and its fix.</exception>
    public static EtcdTls Load(LocatorOptions options)
    {
        var reader = new PemFileReader("the locator's user");
        var tls = ClientTls.Load(
            reader,
            Properties,
            options.StoreCa,
            options.StoreCert,
            options.StoreKey,
            "the CA certificate(s) that issued etcd's server certificates",
            ", so etcd refuses it");

        // The failure of a start with bad options, like the validator's, so a host reports both alike.
        return tls is null
            ? throw new OptionsValidationException(Options.DefaultName, typeof(LocatorOptions), reader.Errors)
            : new EtcdTls(tls);
    }

    /// <summary>Applies the trust and the client certificate to the options of every connection to etcd.</summary>
    public void Configure(SslClientAuthenticationOptions ssl)
    {
        _tls.Configure(ssl);
        if (!_tls.HasClientCertificate)
        {
            // SslStream calls this before the handshake, then again when the server, having shown its
            // certificate, asks for one. Null sends none, as without the callback.
            ssl.LocalCertificateSelectionCallback = (_, _, _, serverCertificate, _) =>
            {
                if (serverCertificate is not null)
                {
                    _clientCertificateWanted = true;
                }

                return null!;
            };
        }
    }

    /// <summary>Wraps the channel's handler so that a connection refused for want of a client certificate says so.</summary>
    public HttpMessageHandler Wrap(HttpMessageHandler handler) => new EtcdTlsFailureHandler(this, handler);

    /// <summary>A call went through: a later failure is not for want of a client certificate (the server only asks for one, optionally).</summary>
    public void CallSucceeded() => _clientCertificateWanted = false;

    public void Dispose() => _tls.Dispose();
}
