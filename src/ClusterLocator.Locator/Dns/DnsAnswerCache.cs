using System.Collections.Concurrent;
using System.Text;

namespace ClusterLocator.Locator.Dns;

/// <summary>
/// The answers the UDP side gave to locate queries, by the exact bytes of the query after its
/// message id (flags, question with its case, type and class, EDNS size, DO bit and options): the
/// same bytes parse to the same question, so a query seen before skips the parser, the decision is
/// made and counted as ever, and when it chooses a cluster that already has an encoded answer for
/// that question at the same endpoint, that answer is sent with the query's id patched in. Bounded:
/// past <see cref="MaxQuestions"/> questions (or a question's <see cref="DnsCachedQuestion.MaxAnswers"/>
/// clusters), everything is dropped and filled again.
/// </summary>
internal sealed class DnsAnswerCache
{
    /// <summary>The questions kept.</summary>
    public const int MaxQuestions = 1024;

    /// <summary>The longest query kept (a longer one is answered as ever, without the cache).</summary>
    public const int MaxQueryBytes = 512;

    /// <summary>The message id that leads every DNS message, and is not part of the key.</summary>
    private const int IdBytes = 2;

    /// <summary>A DNS header: a shorter datagram is no query.</summary>
    private const int HeaderBytes = 12;

    private readonly ConcurrentDictionary<string, DnsCachedQuestion> _questions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DnsCachedQuestion>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public DnsAnswerCache() => _lookup = _questions.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>How many questions are kept.</summary>
    public int Count => _questions.Count;

    /// <summary>The question <paramref name="datagram"/> asks, if it was asked before.</summary>
    public DnsCachedQuestion? Find(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length is < HeaderBytes or > MaxQueryBytes)
        {
            return null;
        }

        // Latin-1 maps each byte to the char of the same value: the key is the bytes, widened.
        Span<char> key = stackalloc char[MaxQueryBytes];
        var length = Encoding.Latin1.GetChars(datagram[IdBytes..], key);
        return _lookup.TryGetValue(key[..length], out var question) ? question : null;
    }

    /// <summary>Keeps the locate question <paramref name="datagram"/> asks, read as <paramref name="name"/>; null when too long to keep.</summary>
    public DnsCachedQuestion? Add(ReadOnlySpan<byte> datagram, DnsQueryName name)
    {
        if (datagram.Length is < HeaderBytes or > MaxQueryBytes)
        {
            return null;
        }

        if (_questions.Count >= MaxQuestions)
        {
            _questions.Clear();
        }

        return _questions.GetOrAdd(Encoding.Latin1.GetString(datagram[IdBytes..]), new DnsCachedQuestion(name));
    }
}
