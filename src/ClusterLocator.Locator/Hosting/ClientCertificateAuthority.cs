using System.Security.Cryptography.X509Certificates;
using ClusterLocator.Protocol.Tls;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Locator.Hosting;

/// <summary>
/// The CA certificates of <see cref="LocatorOptions.ClientCa"/>, read once at start: a client
/// certificate is accepted only when it chains to one of them, with the clientAuth usage if it
/// names its usages. The machine's trust store plays no part, so a certificate from a public CA
/// is refused.
/// </summary>
internal sealed class ClientCertificateAuthority : IDisposable
{
    private readonly X509Certificate2Collection _cas;

    private ClientCertificateAuthority(X509Certificate2Collection cas) => _cas = cas;

    /// <summary>Reads <see cref="LocatorOptions.ClientCa"/>, which must be given.</summary>
    /// <exception cref="OptionsValidationException">The file is missing or holds no usable certificate.</exception>
    public static ClientCertificateAuthority Load(LocatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var file = options.ClientCa ?? throw new ArgumentException("LocatorOptions.ClientCa is not given.", nameof(options));
        var reader = new PemFileReader("the locator's user");
        return reader.ReadCertificates("LocatorOptions.ClientCa", file, "the CA certificate(s) that issued the clients' certificates") is { } cas
            ? new ClientCertificateAuthority(cas)
            : throw new OptionsValidationException(Options.DefaultName, typeof(LocatorOptions), reader.Errors);
    }

    /// <summary>Whether <paramref name="certificate"/> chains to one of the CAs and may authenticate a client.</summary>
    public bool Accepts(X509Certificate2 certificate, X509Chain? presented)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_cas);

        // Private CAs seldom publish revocation lists; SslStream does not check by default either.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(PemFileReader.ClientAuth);
        if (presented is not null)
        {
            // The intermediates the client sent; they are trusted only if they chain to a CA.
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }

    public void Dispose() => PemFileReader.DisposeAll(_cas);
}
