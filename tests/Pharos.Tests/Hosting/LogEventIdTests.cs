using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Pharos.Tests.Hosting;

public class LogEventIdTests
{
    [Fact]
    public void Every_log_message_has_its_own_event_id()
    {
        var ids = typeof(Pharos.Hosting.PharosHost).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Attribute!.EventId, Name: $"{x.Method.DeclaringType!.Name}.{x.Method.Name}"))
            .ToList();
        ids.Count.ShouldBeGreaterThan(20);
        var clashes = ids.GroupBy(x => x.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Name))}").ToList();
        clashes.ShouldBeEmpty(string.Join("; ", clashes));
    }
}
