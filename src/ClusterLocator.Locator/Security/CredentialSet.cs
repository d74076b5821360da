using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ClusterLocator.Locator.Security;

/// <summary>
/// The credentials a locator accepts for writes, looked up by the SHA-256 digest of the bearer token,
/// so the locator never keeps a token in clear, or else by the subject of the client certificate that
/// the TLS handshake accepted (<see cref="LocatorOptions.ClientCa"/>). An empty set is an open
/// locator: anyone may write.
/// </summary>
internal sealed class CredentialSet
{
    /// <summary>The name of the credential that <c>--controller-token-file</c> gives; it covers everything.</summary>
    public const string ControllerTokenName = "controller-token";

    /// <summary>The largest credentials file read.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>The longest certificate subject a credential may name.</summary>
    public const int MaxSubjectLength = 1024;

    private const string Scheme = "Bearer ";
    private readonly Dictionary<string, Credential> _byDigest;
    private readonly Dictionary<string, Credential> _bySubject;

    private CredentialSet(Dictionary<string, Credential> byDigest, Dictionary<string, Credential> bySubject)
    {
        _byDigest = byDigest;
        _bySubject = bySubject;
    }

    /// <summary>How many credentials there are.</summary>
    public int Count => _byDigest.Count + _bySubject.Count;

    /// <summary>True when no credential is configured, so writes need none.</summary>
    public bool IsOpen => Count == 0;

    /// <summary>
    /// The credential whose token the <c>Authorization</c> header carries; else the one whose
    /// <c>certificateSubject</c> is the subject of <paramref name="clientCertificate"/>, which the TLS
    /// handshake has already checked against the client CA; else null.
    /// </summary>
    public Credential? Authenticate(string? authorization, X509Certificate2? clientCertificate = null)
    {
        if (authorization is not null
            && authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            && _byDigest.GetValueOrDefault(Digest(authorization[Scheme.Length..].Trim())) is { } byToken)
        {
            return byToken;
        }

        // X509Certificate2 keeps its formatted subject once asked, so a connection's requests share it.
        return clientCertificate is not null && _bySubject.Count > 0 ? _bySubject.GetValueOrDefault(clientCertificate.Subject) : null;
    }

    /// <summary>
    /// False when credentials are required and the request carries none that is known; otherwise
    /// true, with the caller's credential (null on an open locator, where anyone may write).
    /// </summary>
    public bool TryAuthenticate(HttpContext context, out Credential? credential)
    {
        credential = IsOpen ? null : Authenticate(context.Request.Headers.Authorization, context.Connection.ClientCertificate);
        return IsOpen || credential is not null;
    }

    /// <summary>The hex SHA-256 digest of <paramref name="token"/>, as the file writes it.</summary>
    public static string Digest(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// The set of <paramref name="controllerToken"/> (one credential that covers everything) and the
    /// credentials in <paramref name="fileJson"/>; null with every problem in <paramref name="errors"/>
    /// when the file is invalid. A credential by certificate subject is refused unless
    /// <paramref name="clientCertificates"/> says the locator checks client certificates. With
    /// <paramref name="servicesOnly"/> (the clients' file: a client locates services, it writes no
    /// cluster) an entry that names clusters is refused rather than ignored, so that nobody believes
    /// it narrows anything.
    /// </summary>
    public static CredentialSet? Create(string? controllerToken, string? fileJson, bool clientCertificates, List<string> errors, bool servicesOnly = false)
    {
        var byDigest = new Dictionary<string, Credential>(StringComparer.Ordinal);
        var bySubject = new Dictionary<string, Credential>(StringComparer.Ordinal);
        if (controllerToken is not null)
        {
            byDigest[Digest(controllerToken)] = new Credential(ControllerTokenName, IdGlobs.Any, IdGlobs.Any);
        }

        if (fileJson is null)
        {
            return new CredentialSet(byDigest, bySubject);
        }

        CredentialsDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(fileJson, CredentialsJsonContext.Default.CredentialsDocument);
        }
        catch (JsonException ex)
        {
            errors.Add($"it is not valid JSON: {ex.Message}");
            return null;
        }

        if (document?.Credentials is not { } entries)
        {
            errors.Add("it has no \"credentials\" list: write { \"credentials\": [ { \"name\": …, \"tokenSha256\": …, \"services\": [ … ] } ] }.");
            return null;
        }

        var names = new HashSet<string>(StringComparer.Ordinal) { ControllerTokenName };
        for (var i = 0; i < entries.Count; i++)
        {
            if (servicesOnly && entries[i]?.Clusters is not null)
            {
                errors.Add($"credentials[{i}].clusters: a client's credential names only the services it may locate; leave clusters out.");
            }

            Add(entries[i], $"credentials[{i}]", clientCertificates, byDigest, bySubject, names, errors);
        }

        return errors.Count == 0 ? new CredentialSet(byDigest, bySubject) : null;
    }

    private static void Add(
        CredentialEntry? entry, string at, bool clientCertificates, Dictionary<string, Credential> byDigest, Dictionary<string, Credential> bySubject, HashSet<string> names, List<string> errors)
    {
        if (entry is null)
        {
            errors.Add($"{at} is null: write an object with a name and a tokenSha256 or a certificateSubject.");
            return;
        }

        var count = errors.Count;
        if (string.IsNullOrEmpty(entry.Name) || !Protocol.Validation.Identifiers.IsValid(entry.Name))
        {
            errors.Add($"{at}.name is '{entry.Name}': name every credential, {Protocol.Validation.Identifiers.Rule}; logs and refusals use it.");
        }
        else if (!names.Add(entry.Name))
        {
            errors.Add($"{at}.name '{entry.Name}' is used twice: give every credential its own name.");
        }

        string? digest = null;
        var subject = entry.CertificateSubject;
        if (entry.TokenSha256 is not null == subject is not null)
        {
            errors.Add($"{at} has {(subject is null ? "neither a tokenSha256 nor" : "both a tokenSha256 and")} a certificateSubject: give exactly one of them, a client authenticates with a token or with a certificate.");
        }
        else if (subject is not null)
        {
            CheckSubject(subject, at, clientCertificates, bySubject, errors);
        }
        else
        {
            digest = CheckDigest(entry.TokenSha256!, at, byDigest, errors);
        }

        var services = IdGlobs.Parse(entry.Services, $"{at}.services", errors);
        var clusters = IdGlobs.Parse(entry.Clusters, $"{at}.clusters", errors);
        if (errors.Count == count)
        {
            var credential = new Credential(entry.Name!, services, clusters);
            if (digest is not null)
            {
                byDigest[digest] = credential;
            }
            else
            {
                bySubject[subject!] = credential;
            }
        }
    }

    /// <summary>The digest as looked up (lower case); null, with an error, when it is not one.</summary>
    private static string? CheckDigest(string tokenSha256, string at, Dictionary<string, Credential> byDigest, List<string> errors)
    {
        var digest = tokenSha256.ToLowerInvariant();
        if (digest.Length != 64 || !digest.All(char.IsAsciiHexDigit))
        {
            errors.Add($"{at}.tokenSha256 must be the 64 hex digits of the token's SHA-256 (printf %s \"$TOKEN\" | sha256sum).");
            return null;
        }

        if (byDigest.ContainsKey(digest))
        {
            errors.Add($"{at}.tokenSha256 is the digest of a token another credential already has: give each credential its own token.");
            return null;
        }

        return digest;
    }

    /// <summary>
    /// A subject is compared exactly with the certificate's subject as .NET formats it, so it is
    /// checked for what cannot match: nothing, a name that does not parse, or text around it.
    /// </summary>
    private static void CheckSubject(string subject, string at, bool clientCertificates, Dictionary<string, Credential> bySubject, List<string> errors)
    {
        if (!clientCertificates)
        {
            errors.Add($"{at}.certificateSubject: the locator checks no client certificates, so none could match; give LocatorOptions.ClientCa (the CA that issues the clients' certificates) with https:// URLs, or give a tokenSha256 instead.");
            return;
        }

        if (subject.Length == 0 || subject.Length > MaxSubjectLength || subject.Trim() != subject || !subject.Contains('=', StringComparison.Ordinal) || !Parses(subject))
        {
            errors.Add($"{at}.certificateSubject '{subject}' is not a distinguished name: write the certificate's subject as openssl x509 -noout -subject -nameopt RFC2253,sep_comma_plus_space prints it, for example \"CN=crm-b.example\" or \"CN=crm-b.example, O=Example\".");
        }
        else if (bySubject.ContainsKey(subject))
        {
            errors.Add($"{at}.certificateSubject '{subject}' is named by another credential already: give each certificate subject to one credential.");
        }
    }

    private static bool Parses(string subject)
    {
        try
        {
            _ = new X500DistinguishedName(subject);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
