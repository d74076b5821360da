using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ClusterLocator.Protocol.Tls;

/// <summary>
/// What a client brings to a TLS connection: the CA certificates the server's certificate must chain
/// to, trusted instead of the machine's store (host name still checked), and a client certificate to
/// present. Read from PEM files once, by <see cref="Load"/>; applied to every connection's options by
/// <see cref="Configure"/>. The locator's connections to etcd, the controller's reports and the SDK's
/// locates all go through it.
/// </summary>
internal sealed class ClientTls : IDisposable
{
    private readonly X509Certificate2Collection? _trustedCas;
    private readonly X509Certificate2? _clientCertificate;
    private readonly X509Certificate2Collection _clientChain;

    private ClientTls(X509Certificate2Collection? trustedCas, X509Certificate2? clientCertificate, X509Certificate2Collection clientChain)
    {
        _trustedCas = trustedCas;
        _clientCertificate = clientCertificate;
        _clientChain = clientChain;
    }

    /// <summary>Whether a client certificate is presented.</summary>
    public bool HasClientCertificate => _clientCertificate is not null;

    /// <summary>
    /// Checks, without reading them, the files a client of the locator is given: a certificate goes
    /// with its key, each file exists, and they serve an <c>https://</c> locator. Messages name
    /// <paramref name="properties"/> and <paramref name="locatorsProperty"/>.
    /// </summary>
    public static void Validate(
        PemFileReader reader, TlsFiles properties, string? caFile, string? certFile, string? keyFile, IEnumerable<Uri> locators, string locatorsProperty)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (certFile is null != keyFile is null)
        {
            reader.Errors.Add(certFile is null
                ? $"{properties.Key} is given without {properties.Certificate}: give the PEM client certificate the key belongs to as well, or neither."
                : $"{properties.Certificate} is given without {properties.Key}: give the PEM file of the certificate's private key as well, or neither.");
        }

        var given = new[] { (properties.Ca, caFile), (properties.Certificate, certFile), (properties.Key, keyFile) }.Where(p => p.Item2 is not null).ToList();
        foreach (var (property, file) in given)
        {
            reader.Exists(property, file!);
        }

        if (given.Count > 0 && !locators.Any(l => l is { IsAbsoluteUri: true, Scheme: "https" }))
        {
            reader.Errors.Add($"{given[0].Item1} is for a locator reached over TLS, and no {locatorsProperty} is https://: use https://HOST:PORT locators, or leave the TLS files out.");
        }
    }

    /// <summary>
    /// Reads the files given; null when any is unusable, every problem then in <paramref name="reader"/>'s
    /// errors, naming the <paramref name="properties"/> the files come from. Which files go together is
    /// the options validator's call; a certificate is read only with its key. <paramref name="serverCas"/>
    /// says what the CA file must hold ("the CA certificate(s) that issued etcd's server certificates"),
    /// <paramref name="usageProblem"/> why a client certificate without clientAuth fails (", so etcd refuses it").
    /// </summary>
    public static ClientTls? Load(PemFileReader reader, TlsFiles properties, string? caFile, string? certFile, string? keyFile, string serverCas, string usageProblem)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var before = reader.Errors.Count;
        var cas = caFile is null ? null : reader.ReadCertificates(properties.Ca, caFile, serverCas);

        X509Certificate2? client = null;
        var chain = new X509Certificate2Collection();
        if (certFile is not null && keyFile is not null)
        {
            client = reader.ReadCertificateWithKey(properties.Certificate, certFile, properties.Key, keyFile, PemFileReader.ClientAuth, usageProblem, chain);
        }

        if (reader.Errors.Count > before)
        {
            PemFileReader.DisposeAll(cas);
            client?.Dispose();
            PemFileReader.DisposeAll(chain);
            return null;
        }

        return new ClientTls(cas, client, chain);
    }

    /// <summary>Applies the trust and the client certificate to the options of a connection.</summary>
    public void Configure(SslClientAuthenticationOptions ssl)
    {
        ArgumentNullException.ThrowIfNull(ssl);
        if (_trustedCas is not null)
        {
            // A chain policy rather than a validation callback: SslStream still checks the host name
            // (a mismatch stays fatal) and still says in its own words why a certificate is refused
            // ("UntrustedRoot"), where a callback returning false reads "rejected by the callback".
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,

                // Private CAs seldom publish revocation lists; SslStream does not check by default either.
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(_trustedCas);
            policy.ApplicationPolicy.Add(PemFileReader.ServerAuth);
            ssl.CertificateChainPolicy = policy;
        }

        if (_clientCertificate is not null)
        {
            // The context also sends the intermediates that followed the certificate in its file.
            ssl.ClientCertificateContext = SslStreamCertificateContext.Create(_clientCertificate, _clientChain, offline: true);
        }
    }

    /// <summary>A handler for HTTP clients: <paramref name="handler"/> with this trust and client certificate.</summary>
    public SocketsHttpHandler ConfigureHandler(SocketsHttpHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Configure(handler.SslOptions);
        return handler;
    }

    public void Dispose()
    {
        PemFileReader.DisposeAll(_trustedCas);
        _clientCertificate?.Dispose();
        PemFileReader.DisposeAll(_clientChain);
    }
}
