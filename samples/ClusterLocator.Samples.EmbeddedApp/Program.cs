// An ordinary web application that registers itself with ClusterLocator: its clients ask the
// locator for "orders" and are sent to the least busy instance. Its options are the section
// "ClusterController" of appsettings.json, overridable like any configuration. Run two instances
// on different ports next to a locator and watch http://127.0.0.1:7400/ :
//
//   dotnet run --project src/ClusterLocator.Cli -- locator
//   dotnet run --project samples/ClusterLocator.Samples.EmbeddedApp -- --urls http://127.0.0.1:5101 --ClusterController:ClusterId orders-1
//   dotnet run --project samples/ClusterLocator.Samples.EmbeddedApp -- --urls http://127.0.0.1:5102 --ClusterController:ClusterId orders-2
using ClusterLocator.Controller;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddClusterController()
    .BindConfiguration("ClusterController")

    // A locator's controller token is a secret, kept out of appsettings.json: ClusterController__Token,
    // or the variable the clusterlocator CLI reads.
    .Configure(options => options.Token ??= builder.Configuration["CLUSTERLOCATOR_CONTROLLER_TOKEN"])

    // Let Ctrl-C wait for the drain (DrainTimeout + 10 s) rather than the host's default 30 s.
    .ExtendShutdownTimeoutForDrain();

var app = builder.Build();
app.MapGet("/", (IOptions<ControllerOptions> options) => $"orders served by {options.Value.ClusterId}");
app.MapGet("/healthz", () => "ok");
app.Run();
