namespace Pharos.Monitoring.Results;

/// <summary>Something that acts on every raw check result as it happens (the failover controller counts its own runs).</summary>
public interface ICheckResultListener
{
    void OnResult(CheckResult result);
}
