using System.Net.Http.Headers;
using System.Text;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.AspNetCore.Http;

namespace ClusterLocator.Locator.Tests.Api;

/// <summary>
/// One request per answer of the API that a client can meet, each made to happen for real on
/// <see cref="SecuredLocators"/>: the OpenAPI tests check that the document lists exactly these, and
/// that each answer is what the document says. Each provocation makes the state it needs itself, with
/// a service of its own where the state would get in another's way (one cluster per service).
/// </summary>
internal static class ApiProvocations
{
    public sealed record Provocation(string Method, string Route, int Status, string What, Func<SecuredLocators, Task<HttpResponseMessage>> SendAsync)
    {
        public override string ToString() => $"{Method} {Route} {Status} ({What})";
    }

    private const string Report = "/v1/clusters/{clusterId}";
    private const string Clusters = "/v1/clusters";
    private const string Locate = "/v1/locate";
    private const string Placements = "/v1/placements";

    /// <summary>The answers each route gives by itself; <see cref="Common"/> adds those every route may give.</summary>
    public static IEnumerable<Provocation> Specific()
    {
        // PUT /v1/clusters/{clusterId}
        yield return new("PUT", Report, 200, "a valid report", l => PutAsync(l.Warm, "erp-a", Reports.Create(), SecuredLocators.Controller));
        yield return new("PUT", Report, 400, "a rule broken", l => PutAsync(l.Warm, "erp-a", Reports.Create(capacity: 0), SecuredLocators.Controller));
        yield return new("PUT", Report, 400, "invalid JSON", l => l.Warm.SendAsync(HttpMethod.Put, "v1/clusters/erp-a", JsonText("{ not json"), SecuredLocators.Controller));
        yield return new("PUT", Report, 401, "no token", l => PutAsync(l.Warm, "erp-a", Reports.Create(), token: null));
        yield return new("PUT", Report, 403, "a credential for another service", l => PutAsync(l.Warm, "erp-a", Reports.Create(), SecuredLocators.CrmController));
        yield return new("PUT", Report, 403, "a cluster owned by another credential", async l =>
        {
            (await PutAsync(l.Warm, "own-a", Reports.Create(service: "own"), SecuredLocators.Controller)).EnsureSuccessStatusCode();
            return await PutAsync(l.Warm, "own-a", Reports.Create(service: "own", seq: 2), SecuredLocators.OtherController);
        });
        yield return new("PUT", Report, 409, "an older seq", async l =>
        {
            (await PutAsync(l.Warm, "seq-a", Reports.Create(service: "seq", seq: 5), SecuredLocators.Controller)).EnsureSuccessStatusCode();
            return await PutAsync(l.Warm, "seq-a", Reports.Create(service: "seq", seq: 4), SecuredLocators.Controller);
        });
        yield return new("PUT", Report, 413, "a body over 64 KiB", l => l.Warm.SendAsync(HttpMethod.Put, "v1/clusters/erp-a", JsonText(new string(' ', 70_000)), SecuredLocators.Controller, ExpectContinue));
        yield return new("PUT", Report, 429, "a second cluster of a full service", async l =>
        {
            (await PutAsync(l.Warm, "lim-a", Reports.Create(service: "lim"), SecuredLocators.Controller)).EnsureSuccessStatusCode();
            return await PutAsync(l.Warm, "lim-b", Reports.Create(service: "lim"), SecuredLocators.Controller);
        });
        yield return new("PUT", Report, 503, "a store that refuses the write", l => PutAsync(l.Warm, "refused-a", Reports.Create(service: RefusingClusterStore.Service), SecuredLocators.Controller));

        // DELETE /v1/clusters/{clusterId}
        yield return new("DELETE", Report, 204, "an unknown cluster", l => l.Warm.SendAsync(HttpMethod.Delete, "v1/clusters/gone-a?incarnation=inc-1", token: SecuredLocators.Controller));
        yield return new("DELETE", Report, 400, "no incarnation", l => l.Warm.SendAsync(HttpMethod.Delete, "v1/clusters/erp-a", token: SecuredLocators.Controller));
        yield return new("DELETE", Report, 401, "no token", l => l.Warm.SendAsync(HttpMethod.Delete, "v1/clusters/erp-a?incarnation=inc-1"));
        yield return new("DELETE", Report, 403, "a credential for another service", async l =>
        {
            (await PutAsync(l.Warm, "erp-a", Reports.Create(), SecuredLocators.Controller)).EnsureSuccessStatusCode();
            return await l.Warm.SendAsync(HttpMethod.Delete, "v1/clusters/erp-a?incarnation=inc-1", token: SecuredLocators.CrmController);
        });
        yield return new("DELETE", Report, 409, "another incarnation", async l =>
        {
            (await PutAsync(l.Warm, "del-a", Reports.Create(service: "del"), SecuredLocators.Controller)).EnsureSuccessStatusCode();
            return await l.Warm.SendAsync(HttpMethod.Delete, "v1/clusters/del-a?incarnation=inc-0", token: SecuredLocators.Controller);
        });

        // GET /v1/clusters
        yield return new("GET", Clusters, 200, "a page", l => l.Warm.SendAsync(HttpMethod.Get, "v1/clusters?limit=10"));
        yield return new("GET", Clusters, 400, "a limit of 0", l => l.Warm.SendAsync(HttpMethod.Get, "v1/clusters?limit=0"));

        // GET /v1/locate
        yield return new("GET", Locate, 200, "a placement", async l =>
        {
            (await PutAsync(l.Warm, "erp-a", Reports.Create(), SecuredLocators.Controller)).EnsureSuccessStatusCode();
            return await l.Warm.SendAsync(HttpMethod.Get, "v1/locate?service=erp", token: SecuredLocators.Client);
        });
        yield return new("GET", Locate, 200, "an explanation", l => l.Warm.SendAsync(HttpMethod.Get, "v1/locate?service=erp&explain=true", token: SecuredLocators.Client));
        yield return new("GET", Locate, 400, "no service", l => l.Warm.SendAsync(HttpMethod.Get, "v1/locate?zone=eu-1", token: SecuredLocators.Client));
        yield return new("GET", Locate, 401, "no credential", l => l.Warm.SendAsync(HttpMethod.Get, "v1/locate?service=erp"));
        yield return new("GET", Locate, 403, "a credential for another service", l => l.Warm.SendAsync(HttpMethod.Get, "v1/locate?service=erp", token: SecuredLocators.CrmClient));
        yield return new("GET", Locate, 429, "more locates than the client rate", FloodAsync);
        yield return new("GET", Locate, 503, "an unknown service", l => l.Warm.SendAsync(HttpMethod.Get, "v1/locate?service=ghost", token: SecuredLocators.Client));
        yield return new("GET", Locate, 503, "warming up", l => l.Cold.SendAsync(HttpMethod.Get, "v1/locate?service=erp", token: SecuredLocators.Client));

        // POST /v1/placements
        yield return new("POST", Placements, 204, "a valid batch", l => l.Warm.SendAsync(HttpMethod.Post, "v1/placements", JsonText("""{"locator":"peer-1","placements":[{"cluster":"erp-a","incarnation":"inc-1","seq":1,"count":1}]}"""), SecuredLocators.Controller));
        yield return new("POST", Placements, 400, "invalid JSON", l => l.Warm.SendAsync(HttpMethod.Post, "v1/placements", JsonText("[1,"), SecuredLocators.Controller));
        yield return new("POST", Placements, 400, "a count of 0", l => l.Warm.SendAsync(HttpMethod.Post, "v1/placements", JsonText("""{"locator":"peer-1","placements":[{"cluster":"erp-a","incarnation":"inc-1","seq":1,"count":0}]}"""), SecuredLocators.Controller));
        yield return new("POST", Placements, 401, "no token", l => l.Warm.SendAsync(HttpMethod.Post, "v1/placements", JsonText("{}")));
        yield return new("POST", Placements, 413, "a body over 1 MiB", l => l.Warm.SendAsync(HttpMethod.Post, "v1/placements", JsonText(new string(' ', (1024 * 1024) + 1)), SecuredLocators.Controller, ExpectContinue));
        yield return new("POST", Placements, 415, "a text body", l => l.Warm.SendAsync(HttpMethod.Post, "v1/placements", new StringContent("{}", Encoding.UTF8, "text/plain"), SecuredLocators.Controller));

        // System routes.
        yield return new("GET", "/v1/status", 200, "the status", l => l.Warm.SendAsync(HttpMethod.Get, "v1/status"));
        yield return new("GET", "/healthz", 200, "alive", l => l.Warm.SendAsync(HttpMethod.Get, "healthz"));
        yield return new("GET", "/readyz", 200, "ready", l => l.Warm.SendAsync(HttpMethod.Get, "readyz"));
        yield return new("GET", "/readyz", 503, "warming up", l => l.Cold.SendAsync(HttpMethod.Get, "readyz"));
    }

    /// <summary>The answers any route of the API may give: 421 to a foreign Host, 500 when its handler fails.</summary>
    public static IEnumerable<Provocation> Common(string method, string route)
    {
        var path = route.Replace("{clusterId}", "erp-a", StringComparison.Ordinal).TrimStart('/');
        yield return new(method, route, 421, "a foreign Host", l => l.Warm.SendAsync(new HttpMethod(method), path, configure: request => request.Headers.Host = "evil.example"));
        yield return new(method, route, 500, "a failing handler", l => l.Warm.SendAsync(new HttpMethod(method), path, configure: request => request.Headers.Add(ApiLocator.FailHeader, "1")));
    }

    private static Task<HttpResponseMessage> PutAsync(ApiLocator locator, string clusterId, ClusterReport report, string? token) =>
        locator.SendAsync(HttpMethod.Put, $"v1/clusters/{clusterId}", ApiLocator.Json(report), token);

    /// <summary>
    /// As a careful sender of a large body does: the locator refuses on the Content-Length alone, so
    /// the body is never sent (sent regardless, the client would meet a broken pipe, not the 413).
    /// </summary>
    private static void ExpectContinue(HttpRequestMessage request) => request.Headers.ExpectContinue = true;

    private static StringContent JsonText(string json) => new(json, new MediaTypeHeaderValue("application/json"));

    /// <summary>Locates with the flood credential until the rate limit answers (it allows <see cref="SecuredLocators.ClientRate"/> a second).</summary>
    private static async Task<HttpResponseMessage> FloodAsync(SecuredLocators locators)
    {
        for (var i = 0; i < 100 * SecuredLocators.ClientRate; i++)
        {
            var response = await locators.Warm.SendAsync(HttpMethod.Get, "v1/locate?service=ghost", token: SecuredLocators.FloodClient);
            if (response.StatusCode == (System.Net.HttpStatusCode)StatusCodes.Status429TooManyRequests)
            {
                return response;
            }

            response.Dispose();
        }

        throw new InvalidOperationException($"{100 * SecuredLocators.ClientRate} locates never met the rate limit of {SecuredLocators.ClientRate} a second.");
    }
}
