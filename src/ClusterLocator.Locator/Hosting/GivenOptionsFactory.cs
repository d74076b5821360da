using Microsoft.Extensions.Options;

namespace ClusterLocator.Locator.Hosting;

/// <summary>
/// Makes an options object the host was handed the container's options, configured and validated
/// as bound ones are (the options factory would otherwise make a new one).
/// </summary>
internal sealed class GivenOptionsFactory<TOptions>(
    TOptions given,
    IEnumerable<IConfigureOptions<TOptions>> setups,
    IEnumerable<IPostConfigureOptions<TOptions>> postConfigures,
    IEnumerable<IValidateOptions<TOptions>> validations)
    : OptionsFactory<TOptions>(setups, postConfigures, validations)
    where TOptions : class
{
    protected override TOptions CreateInstance(string name) => given;
}
