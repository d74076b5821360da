using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ClusterLocator.Locator.Api;

/// <summary>
/// Guards registration, reports and deregistration with the controller token. Compares SHA-256 digests
/// in constant time, so neither the token's content nor its length leaks through timing.
/// </summary>
internal sealed class ControllerTokenGuard
{
    private const string Scheme = "Bearer ";
    private readonly byte[]? _expected;

    public ControllerTokenGuard(string? token)
    {
        _expected = token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    public bool IsAuthorized(HttpRequest request)
    {
        if (_expected is null)
        {
            return true;
        }

        string? header = request.Headers.Authorization;
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var provided = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(provided, _expected);
    }
}
