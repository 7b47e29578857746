using Pharos.Domain;

namespace Pharos.Monitoring.State;

/// <summary>What the checks say about components now; the status page reads it and republishes when Version moves.</summary>
public interface IComponentHealthSource
{
    /// <summary>Rises with every change of a component's check-derived status.</summary>
    long Version { get; }

    /// <summary>The check-derived status of every component that has checks.</summary>
    IReadOnlyDictionary<string, ComponentStatus> Statuses { get; }
}
