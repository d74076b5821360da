using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.WebUtilities;

namespace ClusterLocator.Controller.Http;

/// <summary>
/// A whole HTTP/1.1 answer written straight onto a connection, for the pinned front door, which
/// answers before (or instead of) any HTTP server: a problem body, and <c>Connection: close</c>,
/// since the connection ends with it. A relocation carries the same status, headers and body as
/// <see cref="Relocation.RespondAsync"/>'s.
/// </summary>
internal static class ConnectionAnswer
{
    /// <summary>503 with <c>Retry-After</c> and <c>ClusterLocator-Relocate: true</c>: ask the locator for another cluster.</summary>
    public static ValueTask<FlushResult> RelocateAsync(PipeWriter output, string reason) =>
        WriteAsync(output, Relocation.RelocateProblem(reason), relocate: true);

    /// <summary>A request this door cannot take at all (a head too large, malformed, or too slow), with why.</summary>
    public static ValueTask<FlushResult> RefuseAsync(PipeWriter output, int status, string detail) =>
        WriteAsync(output, new Problem { Title = ReasonPhrases.GetReasonPhrase(status), Status = status, Detail = detail }, relocate: false);

    private static ValueTask<FlushResult> WriteAsync(PipeWriter output, Problem problem, bool relocate)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(problem, ProtocolJsonContext.Wire.Problem);
        var head = new StringBuilder()
            .Append($"HTTP/1.1 {problem.Status} {ReasonPhrases.GetReasonPhrase(problem.Status)}\r\n")
            .Append($"Content-Type: {Problem.ContentType}\r\n")
            .Append($"Content-Length: {body.Length}\r\n");
        if (relocate)
        {
            head.Append($"Retry-After: {Relocation.RetryAfterSeconds}\r\n").Append($"{WireHeaders.Relocate}: true\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        output.Write(Encoding.ASCII.GetBytes(head.ToString()));
        output.Write(body);
        return output.FlushAsync();
    }
}
