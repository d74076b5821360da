// An ordinary web application that registers itself with ClusterLocator: its clients ask the
// locator for "orders" and are sent to the least busy instance. Run two instances on different
// ports next to a locator and watch http://127.0.0.1:7400/ :
//
//   dotnet run --project src/ClusterLocator.Cli -- locator
//   dotnet run --project samples/ClusterLocator.Samples.EmbeddedApp -- --urls http://127.0.0.1:5101 --ClusterId orders-1
//   dotnet run --project samples/ClusterLocator.Samples.EmbeddedApp -- --urls http://127.0.0.1:5102 --ClusterId orders-2
using ClusterLocator.Controller;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddClusterController(options =>
{
    options.ClusterId = builder.Configuration["ClusterId"] ?? "orders-1";
    options.Service = "orders";
    options.Capacity = 200; // requests in flight this instance is sized for
    options.Locators.Add(new Uri(builder.Configuration["Locator"] ?? "http://127.0.0.1:7400"));
    options.Token = builder.Configuration["CLUSTERLOCATOR_CONTROLLER_TOKEN"];
});

var app = builder.Build();
app.MapGet("/", () => $"orders served by {builder.Configuration["ClusterId"] ?? "orders-1"}");
app.MapGet("/healthz", () => "ok");
app.Run();
