using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterLocator.Protocol.Tls;

/// <summary>
/// Reads PEM certificates and keys from files, adding every problem to <see cref="Errors"/> with the
/// option property it came from and the fix. The one PEM reader of the locator (its own certificate,
/// etcd's trust), the controller and the client SDK (trust in the locator, client certificates).
/// </summary>
/// <param name="user">Whose process reads the files, as messages say it: "the locator's user".</param>
internal sealed class PemFileReader(string user)
{
    /// <summary>The extended key usage of a TLS server certificate.</summary>
    public static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    /// <summary>The extended key usage of a TLS client certificate.</summary>
    public static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    /// <summary>Every problem found so far, each naming its property and its fix.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Whether <paramref name="file"/> exists; a message when not. What validators check without reading.</summary>
    public bool Exists(string property, string file)
    {
        if (File.Exists(file))
        {
            return true;
        }

        Errors.Add($"{property} '{file}' does not exist: give the path of a PEM file that {user} can read.");
        return false;
    }

    /// <summary>The file's text; null, with a message, when it does not exist or cannot be read.</summary>
    public string? ReadText(string property, string file)
    {
        if (!Exists(property, file))
        {
            return null;
        }

        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Errors.Add($"{property} '{file}' cannot be read ({ex.Message.TrimEnd('.')}): let {user} read it.");
            return null;
        }
    }

    /// <summary>The certificates of a CA file; <paramref name="what"/> says what it must hold.</summary>
    public X509Certificate2Collection? ReadCertificates(string property, string file, string what) =>
        ReadText(property, file) is { } text ? ParseCertificates(property, file, text, what) : null;

    /// <summary>
    /// A certificate with its private key, for <paramref name="usage"/> (<see cref="ServerAuth"/> or
    /// <see cref="ClientAuth"/>); the certificates that follow it in its file go into <paramref name="chain"/>.
    /// <paramref name="usageProblem"/> says why a certificate without that usage fails, after
    /// "is not a … certificate": ", so etcd refuses it".
    /// </summary>
    public X509Certificate2? ReadCertificateWithKey(
        string certProperty, string certFile, string keyProperty, string keyFile, Oid usage, string usageProblem, X509Certificate2Collection chain)
    {
        var certText = ReadText(certProperty, certFile);
        var keyText = ReadText(keyProperty, keyFile);
        var role = usage.Value == ServerAuth.Value ? "server" : "client";
        var certificates = certText is null ? null : ParseCertificates(certProperty, certFile, certText, $"the {role} certificate");
        var keyFound = keyText is not null && HasPlainPrivateKey(keyProperty, keyFile, certProperty, keyText);
        if (certificates is null || !keyFound)
        {
            DisposeAll(certificates);
            return null;
        }

        using var leaf = certificates[0];
        chain.AddRange(certificates.Skip(1).ToArray());
        var usageName = usage.Value == ServerAuth.Value ? "serverAuth" : "clientAuth";
        if (leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } usages
            && !usages.EnhancedKeyUsages.Cast<Oid>().Any(u => u.Value == usage.Value))
        {
            Errors.Add($"{certProperty} '{certFile}' is not a {role} certificate (its extended key usage lacks {usageName}){usageProblem}: issue it with extendedKeyUsage={usageName}.");
            return null;
        }

        X509Certificate2 withKey;
        try
        {
            withKey = X509Certificate2.CreateFromPem(certText, keyText);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            Errors.Add($"{keyProperty} '{keyFile}' is not the private key of the certificate in {certProperty} '{certFile}' ({ex.Message.TrimEnd('.')}): give the key that certificate was issued for.");
            return null;
        }

        if (OperatingSystem.IsWindows())
        {
            // Windows' TLS stack cannot use a key that lives only in memory (dotnet/runtime#23749).
            using (withKey)
            {
                return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
            }
        }

        return withKey;
    }

    /// <summary>Disposes each certificate of <paramref name="certificates"/>, if any.</summary>
    public static void DisposeAll(X509Certificate2Collection? certificates)
    {
        foreach (var certificate in certificates ?? [])
        {
            certificate.Dispose();
        }
    }

    private X509Certificate2Collection? ParseCertificates(string property, string file, string text, string what)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(text);
        }
        catch (CryptographicException ex)
        {
            DisposeAll(certificates);
            Errors.Add($"{property} '{file}' holds a certificate that cannot be read ({ex.Message.TrimEnd('.')}): it must hold {what}, in PEM.");
            return null;
        }

        if (certificates.Count == 0)
        {
            Errors.Add($"{property} '{file}' holds no PEM certificate: it must hold {what}, as '-----BEGIN CERTIFICATE-----' blocks.");
            return null;
        }

        return certificates;
    }

    private bool HasPlainPrivateKey(string property, string file, string certProperty, string text)
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
        Errors.Add(text.Contains("ENCRYPTED", StringComparison.Ordinal)
            ? $"{property} '{file}' is encrypted, and only an unencrypted key can be read: decrypt it (openssl pkey -in KEY -out PLAIN) and let only {user} read it (chmod 600)."
            : $"{property} '{file}' holds no PEM private key: it must hold the unencrypted key of {certProperty} ('-----BEGIN PRIVATE KEY-----', RSA PRIVATE KEY or EC PRIVATE KEY).");
        return false;
    }
}
