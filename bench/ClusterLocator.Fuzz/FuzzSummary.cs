using System.Globalization;

namespace ClusterLocator.Fuzz;

/// <summary>The end of a run as <c>key=value</c> lines (read by bench/fuzz.sh), then the findings.</summary>
internal static class FuzzSummary
{
    public static void Write(TextWriter output, FuzzSettings settings, FuzzOutcome outcome)
    {
        string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
        output.WriteLine(Line($"seed={settings.Seed} requests={outcome.Requests} connections={settings.Connections} batches={outcome.Batches} seconds={outcome.Elapsed.TotalSeconds:0.0} req_per_s={outcome.RequestsPerSecond:0}"));
        output.WriteLine(Line($"server_errors={outcome.ServerErrors} no_eligible_503={outcome.NoEligible} version_505={outcome.VersionNotSupported} no_answer={outcome.NoAnswer} findings={outcome.Findings.Count}"));
        output.WriteLine("statuses=" + string.Join(",", outcome.ByStatus.OrderBy(s => s.Key).Select(s => Line($"{s.Key}:{s.Value}"))));
        output.WriteLine("kinds=" + outcome.ByKind.Count);
        output.WriteLine("no_answer_by_kind=" + string.Join(",", outcome.NoAnswerByKind.OrderByDescending(k => k.Value).Select(k => Line($"{k.Key}:{k.Value}"))));
        foreach (var (check, count) in outcome.Findings.ByCheck)
        {
            output.WriteLine(Line($"finding_count check={check} count={count}"));
        }

        foreach (var finding in outcome.Findings.First)
        {
            output.WriteLine("finding " + finding);
        }
    }
}
