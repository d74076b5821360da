using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ClusterLocator.Locator.Security;

/// <summary>
/// The credentials a locator accepts for writes, looked up by the SHA-256 digest of the bearer token,
/// so the locator never keeps a token in clear. An empty set is an open locator: anyone may write.
/// </summary>
internal sealed class CredentialSet
{
    /// <summary>The name of the credential that <c>--controller-token-file</c> gives; it covers everything.</summary>
    public const string ControllerTokenName = "controller-token";

    /// <summary>The largest credentials file read.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private const string Scheme = "Bearer ";
    private readonly Dictionary<string, Credential> _byDigest;

    private CredentialSet(Dictionary<string, Credential> byDigest) => _byDigest = byDigest;

    /// <summary>How many credentials there are.</summary>
    public int Count => _byDigest.Count;

    /// <summary>True when no credential is configured, so writes need none.</summary>
    public bool IsOpen => _byDigest.Count == 0;

    /// <summary>The credential whose token the <c>Authorization</c> header carries, or null.</summary>
    public Credential? Authenticate(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return _byDigest.GetValueOrDefault(Digest(authorization[Scheme.Length..].Trim()));
    }

    /// <summary>The hex SHA-256 digest of <paramref name="token"/>, as the file writes it.</summary>
    public static string Digest(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// The set of <paramref name="controllerToken"/> (one credential that covers everything) and the
    /// credentials in <paramref name="fileJson"/>; null with every problem in <paramref name="errors"/>
    /// when the file is invalid.
    /// </summary>
    public static CredentialSet? Create(string? controllerToken, string? fileJson, List<string> errors)
    {
        var byDigest = new Dictionary<string, Credential>(StringComparer.Ordinal);
        if (controllerToken is not null)
        {
            byDigest[Digest(controllerToken)] = new Credential(ControllerTokenName, IdGlobs.Any, IdGlobs.Any);
        }

        if (fileJson is null)
        {
            return new CredentialSet(byDigest);
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
            Add(entries[i], $"credentials[{i}]", byDigest, names, errors);
        }

        return errors.Count == 0 ? new CredentialSet(byDigest) : null;
    }

    private static void Add(CredentialEntry? entry, string at, Dictionary<string, Credential> byDigest, HashSet<string> names, List<string> errors)
    {
        if (entry is null)
        {
            errors.Add($"{at} is null: write an object with a name and a tokenSha256.");
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

        if (entry.CertificateSubject is not null)
        {
            errors.Add($"{at}.certificateSubject: client certificates are not accepted by this version; give a tokenSha256.");
        }

        var digest = entry.TokenSha256?.ToLowerInvariant();
        if (digest is null || digest.Length != 64 || !digest.All(char.IsAsciiHexDigit))
        {
            errors.Add($"{at}.tokenSha256 must be the 64 hex digits of the token's SHA-256 (printf %s \"$TOKEN\" | sha256sum).");
        }
        else if (byDigest.ContainsKey(digest))
        {
            errors.Add($"{at}.tokenSha256 is the digest of a token another credential already has: give each credential its own token.");
        }

        var services = IdGlobs.Parse(entry.Services, $"{at}.services", errors);
        var clusters = IdGlobs.Parse(entry.Clusters, $"{at}.clusters", errors);
        if (errors.Count == count)
        {
            byDigest[digest!] = new Credential(entry.Name!, services, clusters);
        }
    }
}
