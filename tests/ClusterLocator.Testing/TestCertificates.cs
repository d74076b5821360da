using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterLocator.Testing;

/// <summary>
/// A private CA and what a TLS etcd test needs from it, as PEM files in a temporary folder that
/// disposing deletes: a server certificate for 127.0.0.1 (serverAuth), a client certificate
/// (clientAuth), and a second CA that issued neither. Made with <see cref="CertificateRequest"/>,
/// so no openssl is needed. ECDSA P-256 keys: quick to make, and etcd (Go) takes them.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private TestCertificates(string directory)
    {
        Directory = directory;
    }

    /// <summary>The temporary folder holding every file.</summary>
    public string Directory { get; }

    /// <summary>The CA certificate that issued the server and client certificates.</summary>
    public string CaFile => PathOf("ca.pem");

    /// <summary>A CA certificate that issued nothing here: trusting it alone trusts neither certificate.</summary>
    public string OtherCaFile => PathOf("other-ca.pem");

    public string ServerCertFile => PathOf("server.pem");

    public string ServerKeyFile => PathOf("server-key.pem");

    public string ClientCertFile => PathOf("client.pem");

    public string ClientKeyFile => PathOf("client-key.pem");

    /// <summary>The client key, encrypted with the password "secret" (PKCS#8).</summary>
    public string EncryptedClientKeyFile => PathOf("client-key-encrypted.pem");

    /// <summary>
    /// Makes the files. <paramref name="serverAddress"/> is the one address the server certificate
    /// names (an IP SAN); a test of the host name check passes another.
    /// </summary>
    public static TestCertificates Create(string serverAddress = "127.0.0.1")
    {
        var created = new TestCertificates(System.IO.Directory.CreateTempSubdirectory("clusterlocator-pki-").FullName);
        try
        {
            // A CA's dates are kept to the second: what it issues must fall well inside them.
            var now = DateTimeOffset.UtcNow;
            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var ca = CreateCa("ClusterLocator test CA", caKey, now);
            using var otherCaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var otherCa = CreateCa("ClusterLocator other test CA", otherCaKey, now);
            created.Write("ca.pem", ca.ExportCertificatePem());
            created.Write("other-ca.pem", otherCa.ExportCertificatePem());

            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Parse(serverAddress));
            created.Issue(ca, now, "server", "etcd test server", ServerAuth, san.Build()).Dispose();

            using var clientKey = created.Issue(ca, now, "client", "clusterlocator test locator", ClientAuth, san: null);
            var encryption = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000);
            created.Write("client-key-encrypted.pem", clientKey.ExportEncryptedPkcs8PrivateKeyPem("secret", encryption));
            return created;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> to a file of the folder and returns its path (for files a test spoils).</summary>
    public string Write(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static X509Certificate2 CreateCa(string name, ECDsa key, DateTimeOffset now)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(now.AddHours(-2), now.AddDays(2));
    }

    /// <summary>Issues a certificate for <paramref name="usage"/>, writes it and its key as NAME.pem and NAME-key.pem; returns the key.</summary>
    private ECDsa Issue(X509Certificate2 ca, DateTimeOffset now, string name, string subject, Oid usage, X509Extension? san)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        using var certificate = request.Create(ca, now.AddHours(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        Write($"{name}.pem", certificate.ExportCertificatePem());
        Write($"{name}-key.pem", key.ExportPkcs8PrivateKeyPem());
        return key;
    }

    private string PathOf(string name) => Path.Combine(Directory, name);
}
