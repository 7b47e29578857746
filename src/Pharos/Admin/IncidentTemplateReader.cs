using Pharos.Config;
using Pharos.Domain;
using YamlDotNet.RepresentationModel;

namespace Pharos.Admin;

/// <summary>Reads the incident_templates section: ids, names, statuses and components checked against the rest of the file.</summary>
internal static class IncidentTemplateReader
{
    public const string Key = "incident_templates";

    public static List<IncidentTemplateConfig> Read(YamlReader r, YamlMappingNode root, IReadOnlyList<ComponentConfig> components)
    {
        var list = new List<IncidentTemplateConfig>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in r.Sequence(YamlReader.Get(root, Key), Key))
        {
            index++;
            var where = $"{Key}[{index}]";
            var map = r.AsMapping(item, where);
            if (map is null)
            {
                continue;
            }

            r.RejectUnknownKeys(map, where, "id", "name", "impact", "status", "message", "components");
            var id = r.String(map, "id", where, required: true);
            if (id is not null && (!Ids.IsWellFormed(id) || !seen.Add(id)))
            {
                r.Error(YamlReader.Get(map, "id"), $"{where}: id '{id}' must be unique and hold only letters, digits, '-' and '_'");
                id = null;
            }

            var name = r.String(map, "name", where, required: true);
            var message = r.String(map, "message", where, required: true);
            var impact = r.String(map, "impact", where);
            if (impact is not null && !WireNames.TryParse(impact, out IncidentImpact _))
            {
                r.Error(YamlReader.Get(map, "impact"), $"{where}: impact '{impact}' is not one of none, minor, major, critical");
            }

            var status = r.String(map, "status", where);
            if (status is not null && (!WireNames.TryParse(status, out IncidentStatus s) || s is IncidentStatus.Resolved or IncidentStatus.Postmortem))
            {
                r.Error(YamlReader.Get(map, "status"), $"{where}: status '{status}' is not one of investigating, identified, monitoring");
            }

            var affected = ReadComponents(r, YamlReader.Get(map, "components"), where, components);
            if (id is not null && name is not null && message is not null)
            {
                list.Add(new IncidentTemplateConfig { Id = id, Name = name, Impact = impact, Status = status, Message = message, Components = affected });
            }
        }

        return list;
    }

    private static Dictionary<string, string> ReadComponents(YamlReader r, YamlNode? node, string where, IReadOnlyList<ComponentConfig> components)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var map = r.AsMapping(node, $"{where}: 'components' (component id: status)");
        if (map is null)
        {
            return result;
        }

        foreach (var (k, v) in map.Children)
        {
            var id = (k as YamlScalarNode)?.Value ?? "";
            var status = (v as YamlScalarNode)?.Value ?? "";
            if (!components.Any(c => c.Id == id))
            {
                r.Error(k, $"{where}: component '{id}' is not defined under 'components'");
            }
            else if (!WireNames.TryParse(status, out ComponentStatus cs) || cs == ComponentStatus.UnderMaintenance)
            {
                r.Error(v, $"{where}: '{status}' is not one of operational, degraded_performance, partial_outage, major_outage");
            }
            else
            {
                result[id] = status;
            }
        }

        return result;
    }
}
