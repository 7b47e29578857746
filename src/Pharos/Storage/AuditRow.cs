namespace Pharos.Storage;

internal sealed class AuditRow
{
    public long id { get; set; }
    public long at { get; set; }
    public string actor_kind { get; set; } = "";
    public string actor_id { get; set; } = "";
    public string actor_name { get; set; } = "";
    public string? address { get; set; }
    public string action { get; set; } = "";
    public string target_type { get; set; } = "";
    public string target_id { get; set; } = "";
    public string summary { get; set; } = "";
    public string? before_json { get; set; }
    public string? after_json { get; set; }

    public Audit.AuditEntry ToDomain() => new()
    {
        Id = id,
        At = Rows.Time(at),
        Actor = new Audit.Actor(actor_kind, actor_id, actor_name, address),
        Action = action,
        TargetType = target_type,
        TargetId = target_id,
        Summary = summary,
        Before = before_json,
        After = after_json,
    };
}
