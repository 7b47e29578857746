using System.Text.Json;
using System.Xml.Linq;

namespace Pharos.Tests.Support;

/// <summary>Checks that a change made through the admin or the API reached every public view.</summary>
public static class PublicViews
{
    /// <summary>The public page, /api/v2/incidents.json and /history.atom all show the incident in this state.</summary>
    public static async Task ShouldShowAsync(TestApp app, string id, string status, string text, string appStatus)
    {
        await app.RefreshAsync();
        var page = await app.Client.GetStringAsync($"/incidents/{id}");
        page.ShouldContain($"data-incident-status=\"{status}\"");
        page.ShouldContain(text);

        var v2 = JsonDocument.Parse(await app.Client.GetStringAsync("/api/v2/incidents.json")).RootElement;
        var incident = v2.GetProperty("incidents").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id);
        incident.GetProperty("status").GetString().ShouldBe(status);
        incident.GetProperty("incident_updates")[0].GetProperty("body").GetString()!.ShouldContain(text);
        var components = JsonDocument.Parse(await app.Client.GetStringAsync("/api/v2/components.json")).RootElement.GetProperty("components");
        components.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "app").GetProperty("status").GetString().ShouldBe(appStatus);

        var atom = XDocument.Parse(await app.Client.GetStringAsync("/history.atom"));
        XNamespace ns = "http://www.w3.org/2005/Atom";
        var entries = atom.Root!.Elements(ns + "entry").Where(e => e.Element(ns + "link")!.Attribute("href")!.Value.EndsWith(id, StringComparison.Ordinal)).ToList();
        entries.ShouldNotBeEmpty();
        entries.ShouldContain(e => e.Element(ns + "content")!.Value.Contains(text, StringComparison.Ordinal));
    }
}
