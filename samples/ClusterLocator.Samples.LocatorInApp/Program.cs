// An ordinary web application that hosts a locator: controllers register with it and clients ask it
// where to connect, at the application's own address, next to the application's own endpoints. The
// locator's options come from the "ClusterLocator" section of configuration (appsettings.json,
// environment variables such as ClusterLocator__Policy, or the command line), and are checked at
// start: a bad value stops the application with every problem listed.
//
//   dotnet run --project samples/ClusterLocator.Samples.LocatorInApp -- --urls http://127.0.0.1:7400
//   dotnet run --project src/ClusterLocator.Cli -- controller --cluster a --service erp --capacity 100 \
//     --listen tcp://127.0.0.1:9000 --member 127.0.0.1:9001 --locator http://127.0.0.1:7400
//   curl 'http://127.0.0.1:7400/v1/locate?service=erp'
using ClusterLocator.Locator;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddClusterLocator().BindConfiguration("ClusterLocator");

var app = builder.Build();

// The v1 API, /healthz, /readyz and the dashboard at /.
app.MapClusterLocator();

// The application's own endpoint, beside the locator's.
app.MapGet("/about", () => "a locator hosted in an ASP.NET Core application");

app.Run();
