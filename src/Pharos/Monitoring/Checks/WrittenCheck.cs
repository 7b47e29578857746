namespace Pharos.Monitoring.Checks;

/// <summary>
/// A check as written in pharos.yaml, before hostname expansion: what is needed to expand it again when its
/// `hostnames_file` changes.
/// </summary>
/// <param name="Check">The check with its own id, not yet expanded.</param>
/// <param name="Inline">Its `hostnames` list as written.</param>
/// <param name="HostnamesFile">The full path of its `hostnames_file`; null without one.</param>
public sealed record WrittenCheck(CheckConfig Check, IReadOnlyList<string> Inline, string? HostnamesFile);
