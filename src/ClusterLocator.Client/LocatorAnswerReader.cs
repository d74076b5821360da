using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ClusterLocator.Client;

/// <summary>
/// Reads a locator's JSON answer, at most a given number of bytes of it: an answer that says it is
/// larger, or turns out to be, is refused without reading the rest, so a broken or hostile locator
/// cannot make the client buffer what it likes.
/// </summary>
internal static class LocatorAnswerReader
{
    /// <summary>A placement or a problem is a few hundred bytes; this leaves room and stops a flood.</summary>
    public const int MaxLocateBytes = 64 * 1024;

    /// <summary>One answer listing clusters (one page of them).</summary>
    public const int MaxListBytes = 16 * 1024 * 1024;

    /// <exception cref="InvalidDataException">The answer is longer than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="JsonException">The answer is not the JSON of <typeparamref name="T"/>.</exception>
    public static async Task<T> ReadAsync<T>(HttpContent content, JsonTypeInfo<T> type, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes, $"says it is {content.Headers.ContentLength} bytes");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes, 16 * 1024) + 1);
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                // One byte past the limit is enough to know the answer is too long.
                var limit = maxBytes + 1;
                var length = 0;
                while (true)
                {
                    if (length == limit)
                    {
                        throw TooLarge(maxBytes, "goes on past it");
                    }

                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit) - length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }

                return JsonSerializer.Deserialize(buffer.AsSpan(0, length), type)
                    ?? throw new JsonException("The answer was empty.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static InvalidDataException TooLarge(int maxBytes, string how) =>
        new($"answered more than {maxBytes / 1024} KiB (its answer {how}), more than any locator answer: refused unread.");
}
