using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ClusterLocator.Locator.Api;

/// <summary>
/// A kind of JSON request body the locator reads, bounded: a controller's report or a peer's
/// placement batch. The one place such a body is read, so every write route answers a body too
/// large, malformed or unreadable the same way.
/// </summary>
/// <param name="Noun">What the body is, in one word of the answers ("report").</param>
/// <param name="Description">What a valid body is ("cluster report").</param>
/// <param name="MaxBytes">The largest body read; the server's own limit may be far larger when the locator is hosted in an application.</param>
/// <param name="TooLargeAdvice">Said after a body too large, with its leading space; empty for none.</param>
internal sealed record JsonBody(string Noun, string Description, int MaxBytes, string TooLargeAdvice = "")
{
    /// <summary>
    /// The body as <paramref name="type"/>, or the problem to answer instead: 413 past
    /// <see cref="MaxBytes"/> (by <c>Content-Length</c> before reading, or while reading a chunked
    /// body), 400 for JSON that does not parse, and the server's status for broken framing.
    /// </summary>
    public async Task<(T? Value, JsonBodyProblem? Problem)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = MaxBytes;
        }

        if (context.Request.ContentLength > MaxBytes)
        {
            return (default, TooLarge($"The body has {context.Request.ContentLength} bytes; a {Noun} may have at most {MaxBytes} bytes.{TooLargeAdvice}"));
        }

        try
        {
            return (await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted), null);
        }
        catch (JsonException ex)
        {
            return (default, new(StatusCodes.Status400BadRequest, "Invalid JSON", $"The body is not a valid {Description}: {ex.Message}"));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, TooLarge($"The body is over {MaxBytes} bytes, the most a {Noun} may have.{TooLargeAdvice}"));
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException && !context.RequestAborted.IsCancellationRequested)
        {
            // Broken framing (a chunk size that is not hex or overflows) or a body too slow: the
            // client's fault, answered as such; Kestrel closes the connection after it.
            var status = ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            return (default, new(status, "Unreadable body", $"The body could not be read as HTTP/1.1 sends it: {ex.Message} Send the {Noun} with a Content-Length, or valid chunked encoding."));
        }
    }

    private JsonBodyProblem TooLarge(string detail) =>
        new(StatusCodes.Status413PayloadTooLarge, $"{char.ToUpperInvariant(Noun[0])}{Noun[1..]} too large", detail);
}
