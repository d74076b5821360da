using System.Diagnostics;
using System.Net;
using System.Text;
using ClusterLocator.Fuzz.Checks;
using ClusterLocator.Fuzz.Generation;

namespace ClusterLocator.Fuzz;

/// <summary>
/// A whole run: registers one anchor cluster per service (so locates have somewhere to land), then
/// sends the requests in batches from parallel workers, and after every batch compares
/// <c>GET /v1/clusters</c> with the model the answers imply.
/// </summary>
internal static class FuzzRun
{
    public static async Task<FuzzOutcome> RunAsync(FuzzSettings settings, TextWriter? progress, CancellationToken cancellationToken)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(settings.Locator.Host.Trim('[', ']')), settings.Locator.Port);
        var model = new RegistryModel();
        var findings = new Findings();
        using var http = new HttpClient { BaseAddress = settings.Locator, Timeout = settings.RequestTimeout };
        var lister = new ClusterLister(http);

        for (var n = 0; n < settings.Services; n++)
        {
            await RegisterAnchorAsync(http, model, CaseGenerator.Service(n), cancellationToken);
        }

        var workers = Enumerable.Range(0, settings.Connections).Select(w => new FuzzWorker(settings, w, model, findings, endPoint)).ToList();
        var clock = Stopwatch.StartNew();
        var batches = 0;
        try
        {
            for (var remaining = settings.Requests; remaining > 0;)
            {
                var batch = Math.Min(settings.BatchSize, remaining);
                await Task.WhenAll(workers.Select((worker, w) => worker.RunAsync(batch / workers.Count + (w < batch % workers.Count ? 1 : 0), cancellationToken)));
                remaining -= batch;
                batches++;
                foreach (var problem in model.Compare(await lister.ListAsync(cancellationToken)))
                {
                    findings.Add(new Finding("registry", $"after batch {batches}: {problem}", null));
                }

                progress?.WriteLine($"batch {batches}: {settings.Requests - remaining} requests, {(settings.Requests - remaining) / clock.Elapsed.TotalSeconds:0} req/s, {model.Count} clusters listed, {findings.Count} findings");
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }

        return new FuzzOutcome(
            settings.Requests,
            clock.Elapsed,
            batches,
            Sum(workers.Select(w => w.ByStatus)),
            Sum(workers.Select(w => w.ByKind)),
            workers.Sum(w => w.NoAnswer),
            workers.Sum(w => w.NoEligible),
            workers.Sum(w => w.VersionNotSupported),
            Sum(workers.Select(w => w.NoAnswerByKind)),
            findings);
    }

    private static async Task RegisterAnchorAsync(HttpClient http, RegistryModel model, string service, CancellationToken cancellationToken)
    {
        var clusterId = "anchor-" + service;
        var body = $$$"""
            {"service":"{{{service}}}","incarnation":"anchor","seq":1,
             "endpoints":[{"protocol":"tcp","address":"127.0.0.1:9"},{"protocol":"http","address":"http://127.0.0.1:9/"}],
             "load":{"sessions":0,"capacity":{{{int.MaxValue}}}}}
            """;
        using var response = await http.PutAsync($"/v1/clusters/{clusterId}", new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Registering the anchor cluster '{clusterId}' answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        model.Register(clusterId, service, "anchor");
    }

    private static Dictionary<TKey, long> Sum<TKey>(IEnumerable<Dictionary<TKey, long>> parts)
        where TKey : notnull
    {
        var total = new Dictionary<TKey, long>();
        foreach (var (key, value) in parts.SelectMany(p => p))
        {
            total[key] = total.GetValueOrDefault(key) + value;
        }

        return total;
    }
}
