namespace ClusterLocator.Fuzz.Generation;

/// <summary>
/// Odd paths and methods, sent with a valid report as body where there is one: a path the router
/// must not take for <c>PUT /v1/clusters/{id}</c> (any 200 to it is a finding), and the few that it
/// must take for the cluster they name (a trailing slash, letters in another case, a percent-encoded
/// letter, a dot segment that normalizes away).
/// </summary>
internal static class OddTargets
{
    private static readonly string[] Methods = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO", "get"];

    public static FuzzCase Next(Random random, string clusterId, byte[] validBody)
    {
        var (target, routesTo) = random.Next(16) switch
        {
            0 => ($"/v1/clusters/{clusterId}/", clusterId),
            1 => ($"/V1/CLUSTERS/{clusterId}", clusterId),
            2 => ($"/v1/clusters/%{(int)clusterId[0]:X2}{clusterId[1..]}", clusterId),
            3 => ($"/v1/clusters/x/../{clusterId}", clusterId),
            4 => ($"/v1/clusters/{clusterId}/extra", null),
            5 => ("/v1/clusters/", null),
            6 => ($"/v1//clusters/{clusterId}", null),
            7 => ($"/v1/clusters/{clusterId}%2F", null),
            8 => ($"/v1/clusters/{clusterId}%00", null),
            9 => ($"/v1/clusters/{Garbage.PercentGarbage(random)}", null),
            10 => ("/v1/clusters/" + new string('a', random.Next(65, 3000)), null),
            11 => ("/v1/clusters/..", null),
            12 => (random.Next(5) switch { 0 => "/metrics", 1 => "/readyz", 2 => "/healthz", 3 => "/v1/status", _ => "/" }, null),
            13 => ("/" + string.Join("/", Enumerable.Range(0, random.Next(1, 200)).Select(_ => "a")), null),
            14 => ("/v1/locate/" + clusterId, null),
            _ => ("/v1/clusters/" + clusterId + "?" + Garbage.PercentGarbage(random), clusterId),
        };

        var method = random.Next(3) == 0 ? Methods[random.Next(Methods.Length)] : "PUT";
        var effect = method == "PUT" && routesTo is not null
            ? ModelEffect.Report(routesTo, null, null)
            : ModelEffect.None;
        var withBody = method is not ("GET" or "HEAD" or "TRACE");

        // Raw, so that the target reaches the locator exactly as written (an HTTP client would
        // normalize it) and the method may be anything.
        var request = new RawRequest(method, target).Header("Host", "127.0.0.1");
        var raw = withBody
            ? request.Header("Content-Type", "application/json").Header("Content-Length", validBody.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).WithBody(validBody)
            : request.WithBody([]);
        return new FuzzCase
        {
            Kind = $"target:{method}",
            Method = new HttpMethod(method),
            Target = target,
            Raw = raw,
            EndsConnection = method == "HEAD",
            Effect = effect,
        };
    }
}
