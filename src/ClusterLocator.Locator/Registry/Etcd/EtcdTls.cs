using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private readonly X509Certificate2Collection? _trustedCas;
    private readonly X509Certificate2? _clientCertificate;
    private readonly X509Certificate2Collection _clientChain;
    private volatile bool _clientCertificateWanted;

    private EtcdTls(X509Certificate2Collection? trustedCas, X509Certificate2? clientCertificate, X509Certificate2Collection clientChain)
    {
        _trustedCas = trustedCas;
        _clientCertificate = clientCertificate;
        _clientChain = clientChain;
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
        var errors = new List<string>();
        X509Certificate2Collection? cas = null;
        if (options.StoreCa is { } caFile && ReadPem("LocatorOptions.StoreCa", caFile, errors) is { } caText)
        {
            cas = ReadCertificates("LocatorOptions.StoreCa", caFile, caText, "the CA certificate(s) that issued etcd's server certificates", errors);
        }

        X509Certificate2? client = null;
        var chain = new X509Certificate2Collection();
        if (options.StoreCert is { } certFile && options.StoreKey is { } keyFile)
        {
            client = ReadClientCertificate(certFile, keyFile, chain, errors);
        }

        if (errors.Count > 0)
        {
            DisposeAll(cas);
            client?.Dispose();
            DisposeAll(chain);

            // The failure of a start with bad options, like the validator's, so a host reports both alike.
            throw new OptionsValidationException(Options.DefaultName, typeof(LocatorOptions), errors);
        }

        return new EtcdTls(cas, client, chain);
    }

    /// <summary>Applies the trust and the client certificate to the options of every connection to etcd.</summary>
    public void Configure(SslClientAuthenticationOptions ssl)
    {
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
            policy.ApplicationPolicy.Add(ServerAuth);
            ssl.CertificateChainPolicy = policy;
        }

        if (_clientCertificate is not null)
        {
            // The context also sends the intermediates that followed the certificate in its file.
            ssl.ClientCertificateContext = SslStreamCertificateContext.Create(_clientCertificate, _clientChain, offline: true);
        }
        else
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

    public void Dispose()
    {
        DisposeAll(_trustedCas);
        _clientCertificate?.Dispose();
        DisposeAll(_clientChain);
    }

    private static X509Certificate2? ReadClientCertificate(string certFile, string keyFile, X509Certificate2Collection chain, List<string> errors)
    {
        var certText = ReadPem("LocatorOptions.StoreCert", certFile, errors);
        var keyText = ReadPem("LocatorOptions.StoreKey", keyFile, errors);
        var certificates = certText is null ? null : ReadCertificates("LocatorOptions.StoreCert", certFile, certText, "the client certificate etcd knows this locator by", errors);
        var keyFound = keyText is not null && HasPlainPrivateKey(keyFile, keyText, errors);
        if (certificates is null || !keyFound)
        {
            DisposeAll(certificates);
            return null;
        }

        using var leaf = certificates[0];
        chain.AddRange(certificates.Skip(1).ToArray());
        if (leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } usages
            && !usages.EnhancedKeyUsages.Cast<Oid>().Any(usage => usage.Value == ClientAuth.Value))
        {
            errors.Add($"LocatorOptions.StoreCert '{certFile}' is not a client certificate (its extended key usage lacks clientAuth), so etcd refuses it: issue it with extendedKeyUsage=clientAuth.");
            return null;
        }

        X509Certificate2 client;
        try
        {
            client = X509Certificate2.CreateFromPem(certText, keyText);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            errors.Add($"LocatorOptions.StoreKey '{keyFile}' is not the private key of the certificate in LocatorOptions.StoreCert '{certFile}' ({ex.Message.TrimEnd('.')}): give the key that certificate was issued for.");
            return null;
        }

        if (OperatingSystem.IsWindows())
        {
            // Windows' TLS stack cannot use a key that lives only in memory (dotnet/runtime#23749).
            using (client)
            {
                return X509CertificateLoader.LoadPkcs12(client.Export(X509ContentType.Pkcs12), password: null);
            }
        }

        return client;
    }

    /// <summary>The file's text; null, with a message, when it does not exist or cannot be read.</summary>
    private static string? ReadPem(string property, string file, List<string> errors)
    {
        if (!File.Exists(file))
        {
            errors.Add($"{property} '{file}' does not exist: give the path of a PEM file that the locator's user can read.");
            return null;
        }

        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{property} '{file}' cannot be read ({ex.Message.TrimEnd('.')}): let the locator's user read it.");
            return null;
        }
    }

    private static X509Certificate2Collection? ReadCertificates(string property, string file, string text, string what, List<string> errors)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(text);
        }
        catch (CryptographicException ex)
        {
            DisposeAll(certificates);
            errors.Add($"{property} '{file}' holds a certificate that cannot be read ({ex.Message.TrimEnd('.')}): it must hold {what}, in PEM.");
            return null;
        }

        if (certificates.Count == 0)
        {
            errors.Add($"{property} '{file}' holds no PEM certificate: it must hold {what}, as '-----BEGIN CERTIFICATE-----' blocks.");
            return null;
        }

        return certificates;
    }

    private static bool HasPlainPrivateKey(string file, string text, List<string> errors)
    {
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label] is "PRIVATE KEY" or "RSA PRIVATE KEY" or "EC PRIVATE KEY")
            {
                return true;
            }

            rest = rest[fields.Location.End..];
        }

        // 'ENCRYPTED PRIVATE KEY' (PKCS#8), or OpenSSL's older 'Proc-Type: 4,ENCRYPTED' header.
        errors.Add(text.Contains("ENCRYPTED", StringComparison.Ordinal)
            ? $"LocatorOptions.StoreKey '{file}' is encrypted, and the locator reads only an unencrypted key: decrypt it (openssl pkey -in KEY -out PLAIN) and let only the locator's user read it (chmod 600)."
            : $"LocatorOptions.StoreKey '{file}' holds no PEM private key: it must hold the unencrypted key of LocatorOptions.StoreCert ('-----BEGIN PRIVATE KEY-----', RSA PRIVATE KEY or EC PRIVATE KEY).");
        return false;
    }

    private static void DisposeAll(X509Certificate2Collection? certificates)
    {
        foreach (var certificate in certificates ?? [])
        {
            certificate.Dispose();
        }
    }
}
