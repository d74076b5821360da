// A YARP gateway in front of ClusterLocator clusters. The route in appsettings.json sends every
// request to the YARP cluster "erp", whose one destination, http://erp, names a service: the
// gateway proxies to the HTTP front doors of erp's eligible clusters, healthiest first, and follows
// them as they come, drain and go. /via-discovery/... shows the other integration: an HttpClient
// with service discovery and the base address http://erp, each request placed by a locator.
//
//   dotnet run --project src/ClusterLocator.Cli -- locator
//   dotnet run --project src/ClusterLocator.Cli -- controller --service erp --cluster erp-1 --listen http://127.0.0.1:9101 --member 127.0.0.1:5101 --locator http://127.0.0.1:7400
//   dotnet run --project samples/ClusterLocator.Samples.Gateway -- --urls http://127.0.0.1:8080
//   curl http://127.0.0.1:8080/anything

var builder = WebApplication.CreateBuilder(args);

// The locators, for both integrations: the section "ClusterLocator" (Locators, CachePlacements…).
builder.Services.AddClusterLocatorClient().BindConfiguration("ClusterLocator");

// YARP: destinations that name a service follow that service's clusters.
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddClusterLocatorDestinations(configure: o => o.RefreshPeriod = TimeSpan.FromSeconds(5));

// Service discovery: http://erp resolves through the locators.
builder.Services.AddServiceDiscovery().AddClusterLocatorEndpointProvider();
builder.Services.AddHttpClient("erp", http => http.BaseAddress = new Uri("http://erp")).AddServiceDiscovery();

var app = builder.Build();
app.MapGet("/via-discovery/{**path}", async (string? path, IHttpClientFactory clients, CancellationToken ct) =>
{
    using var response = await clients.CreateClient("erp").GetAsync(path ?? string.Empty, ct);
    return Results.Text(await response.Content.ReadAsStringAsync(ct), statusCode: (int)response.StatusCode);
});
app.MapReverseProxy();
app.Run();
