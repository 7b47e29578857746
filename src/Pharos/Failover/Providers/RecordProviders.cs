namespace Pharos.Failover.Providers;

/// <summary>The registered provider factories, found by the policy's config subtype.</summary>
public sealed class RecordProviders(IEnumerable<IRecordProviderFactory> factories)
{
    private readonly Dictionary<Type, IRecordProviderFactory> _byConfig = factories.ToDictionary(f => f.ConfigType);

    /// <summary>The policy's provider; a type without a registered factory (builtin without the DNS role) is refused at start.</summary>
    public IRecordProvider For(FailoverPolicy policy) => _byConfig.TryGetValue(policy.Provider.GetType(), out var factory)
        ? factory.Create(policy)
        : throw new InvalidOperationException(policy.Provider is BuiltinProviderConfig
            ? $"failover policy '{policy.Id}' uses the builtin provider, but the built-in DNS server (the `dns` section) is not enabled"
            : $"failover policy '{policy.Id}': no provider '{policy.Provider.Kind}' is registered");
}
