namespace ClusterLocator.Fuzz.Dns;

/// <summary>What a DNS fuzz run sent and saw: it passed when every probe was answered.</summary>
/// <param name="Packets">Fuzzed packets sent (UDP and TCP).</param>
/// <param name="Answers">Answers received to the fuzzed UDP packets (the rest were dropped, as they should be when malformed).</param>
/// <param name="Probes">Well-formed queries sent between batches, over UDP and TCP.</param>
/// <param name="ProbesUnanswered">Probes the locator did not answer: each one is a failure.</param>
/// <param name="Seconds">How long the run took.</param>
internal sealed record DnsFuzzOutcome(long Packets, long Answers, long Probes, long ProbesUnanswered, double Seconds)
{
    public bool Passed => ProbesUnanswered == 0 && Probes > 0;
}
