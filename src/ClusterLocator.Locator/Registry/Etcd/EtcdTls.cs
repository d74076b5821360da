using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// What the locator brings to a TLS connection with etcd (<c>etcds://</c>): the CA certificates
/// that etcd's server certificate must chain to (<c>--store-ca</c>; the machine's trust store when
/// absent), and the client certificate it presents for etcd's <c>--client-cert-auth</c>
/// (<c>--store-cert</c>, <c>--store-key</c>). Read from PEM files once, at start.
/// </summary>
internal sealed class EtcdTls : IDisposable
{
    /// <summary>Why etcd dropped the connection, when it asked for a client certificate and none was given.</summary>
    public const string ClientCertificateRequired =
        "etcd asked for a client certificate (it runs with --client-cert-auth) and the locator has none: give --store-cert and --store-key, issued by a CA in etcd's --trusted-ca-file.";

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

    /// <summary>The files set in <paramref name="options"/>, as the flags that set them, for messages.</summary>
    public static IEnumerable<string> FlagsGiven(LocatorOptions options)
    {
        if (options.StoreCa is not null)
        {
            yield return "--store-ca";
        }

        if (options.StoreCert is not null)
        {
            yield return "--store-cert";
        }

        if (options.StoreKey is not null)
        {
            yield return "--store-key";
        }
    }

    /// <summary>
    /// Reads the files named in <paramref name="options"/>; null when one is missing or unusable,
    /// with every problem and its fix added to <paramref name="errors"/>.
    /// </summary>
    public static EtcdTls? TryLoad(LocatorOptions options, ICollection<string> errors)
    {
        var before = errors.Count;
        X509Certificate2Collection? cas = null;
        if (options.StoreCa is { } caFile && ReadPem("--store-ca", caFile, errors) is { } caText)
        {
            cas = ReadCertificates("--store-ca", caFile, caText, "the CA certificate(s) that issued etcd's server certificates", errors);
        }

        X509Certificate2? client = null;
        var chain = new X509Certificate2Collection();
        if (options.StoreCert is null != options.StoreKey is null)
        {
            errors.Add(options.StoreCert is null
                ? "--store-key is given without --store-cert: give the PEM client certificate the key belongs to as well, or neither."
                : "--store-cert is given without --store-key: give the PEM file of the certificate's private key as well, or neither.");
        }
        else if (options.StoreCert is { } certFile && options.StoreKey is { } keyFile)
        {
            client = ReadClientCertificate(certFile, keyFile, chain, errors);
        }

        if (errors.Count > before)
        {
            DisposeAll(cas);
            client?.Dispose();
            DisposeAll(chain);
            return null;
        }

        return new EtcdTls(cas, client, chain);
    }

    /// <summary>Reads the files named in <paramref name="options"/>, which the validator has checked.</summary>
    /// <exception cref="ArgumentException">A file changed since it was checked; the message says how.</exception>
    public static EtcdTls Load(LocatorOptions options)
    {
        var errors = new List<string>();
        return TryLoad(options, errors) ?? throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
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

    private static X509Certificate2? ReadClientCertificate(string certFile, string keyFile, X509Certificate2Collection chain, ICollection<string> errors)
    {
        var certText = ReadPem("--store-cert", certFile, errors);
        var keyText = ReadPem("--store-key", keyFile, errors);
        var certificates = certText is null ? null : ReadCertificates("--store-cert", certFile, certText, "the client certificate etcd knows this locator by", errors);
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
            errors.Add($"--store-cert '{certFile}' is not a client certificate (its extended key usage lacks clientAuth), so etcd refuses it: issue it with extendedKeyUsage=clientAuth.");
            return null;
        }

        X509Certificate2 client;
        try
        {
            client = X509Certificate2.CreateFromPem(certText, keyText);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            errors.Add($"--store-key '{keyFile}' is not the private key of the certificate in --store-cert '{certFile}' ({ex.Message.TrimEnd('.')}): give the key that certificate was issued for.");
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
    private static string? ReadPem(string flag, string file, ICollection<string> errors)
    {
        if (!File.Exists(file))
        {
            errors.Add($"{flag} '{file}' does not exist: give the path of a PEM file that the locator's user can read.");
            return null;
        }

        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{flag} '{file}' cannot be read ({ex.Message.TrimEnd('.')}): let the locator's user read it.");
            return null;
        }
    }

    private static X509Certificate2Collection? ReadCertificates(string flag, string file, string text, string what, ICollection<string> errors)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(text);
        }
        catch (CryptographicException ex)
        {
            DisposeAll(certificates);
            errors.Add($"{flag} '{file}' holds a certificate that cannot be read ({ex.Message.TrimEnd('.')}): it must hold {what}, in PEM.");
            return null;
        }

        if (certificates.Count == 0)
        {
            errors.Add($"{flag} '{file}' holds no PEM certificate: it must hold {what}, as '-----BEGIN CERTIFICATE-----' blocks.");
            return null;
        }

        return certificates;
    }

    private static bool HasPlainPrivateKey(string file, string text, ICollection<string> errors)
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
            ? $"--store-key '{file}' is encrypted, and the locator reads only an unencrypted key: decrypt it (openssl pkey -in KEY -out PLAIN) and let only the locator's user read it (chmod 600)."
            : $"--store-key '{file}' holds no PEM private key: it must hold the unencrypted key of --store-cert ('-----BEGIN PRIVATE KEY-----', RSA PRIVATE KEY or EC PRIVATE KEY).");
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
