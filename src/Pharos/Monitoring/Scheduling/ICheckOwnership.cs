namespace Pharos.Monitoring.Scheduling;

/// <summary>
/// Which node writes what: every node follows every result, but only a check's owner writes its state changes and
/// events, only a component's owner its health and automatic incidents, and one node the location alerts; so each
/// happens once per cluster, not once per node.
/// </summary>
public interface ICheckOwnership
{
    bool Owns(string checkId);

    bool OwnsComponent(string componentId);

    /// <summary>Whether this node raises location.impaired and location.recovered.</summary>
    bool RaisesLocationEvents { get; }
}

/// <summary>A process alone on its database owns everything.</summary>
public sealed class SoleOwnership : ICheckOwnership
{
    public static readonly SoleOwnership Instance = new();

    public bool RaisesLocationEvents => true;

    public bool Owns(string checkId) => true;

    public bool OwnsComponent(string componentId) => true;
}
