using System.Collections.Concurrent;
using ClusterLocator.Locator.Placement;

namespace ClusterLocator.Locator.Dns;

/// <summary>
/// One locate question in <see cref="DnsAnswerCache"/>: its name as read the first time, and the
/// encoded answers given to it, one per chosen cluster, each kept with the endpoint it names.
/// </summary>
internal sealed class DnsCachedQuestion(DnsQueryName name)
{
    /// <summary>The clusters a question keeps answers for; past it, they are all dropped.</summary>
    public const int MaxAnswers = 64;

    private readonly ConcurrentDictionary<string, (string Address, byte[] Bytes)> _answers = new(StringComparer.Ordinal);

    /// <summary>The name the question asks for, as <see cref="DnsQueryName.Parse"/> read it.</summary>
    public DnsQueryName Name => name;

    /// <summary>
    /// The encoded answer that sends the client to <paramref name="placed"/>; null when there is none
    /// for that cluster at that endpoint (first time, or the cluster's endpoint changed since).
    /// </summary>
    public byte[]? AnswerFor(in PlacementResult placed) =>
        _answers.TryGetValue(placed.Cluster!.ClusterId, out var answer) && string.Equals(answer.Address, placed.Address, StringComparison.Ordinal)
            ? answer.Bytes
            : null;

    /// <summary>Keeps <paramref name="bytes"/>, the answer the encoder made for <paramref name="placed"/>, in place of an older one.</summary>
    public void Add(in PlacementResult placed, byte[] bytes)
    {
        if (_answers.Count >= MaxAnswers)
        {
            _answers.Clear();
        }

        _answers[placed.Cluster!.ClusterId] = (placed.Address!, bytes);
    }
}
