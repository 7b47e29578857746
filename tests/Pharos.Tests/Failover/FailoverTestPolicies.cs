using Pharos.Failover;

namespace Pharos.Tests.Failover;

/// <summary>Policy configs for failover tests, loaded through the real config reader.</summary>
public static class FailoverTestPolicies
{
    public static string Yaml(string policyExtra = "", string ttl = "60s", string failback = "failback: { mode: automatic, hold: 5m, recover_after: 2 }") => $"""
        site:
          name: Shop
        components:
          - id: app
            name: App
        failover:
          policies:
            - id: shop
              zone: example.test
              provider: {"{"} type: builtin {"}"}
              records: ["@", www, "*"]
              ttl: {ttl}
              primary: {"{"} A: [127.0.0.10] {"}"}
              failover: {"{"} A: [127.0.0.20] {"}"}
              components: [app]
              trigger: {"{"} checks: [primary-http], fail_after: 3 {"}"}
              {failback}
        {policyExtra}
        """;

    public static FailoverPolicy Policy(string failback = "failback: { mode: automatic, hold: 5m, recover_after: 2 }") =>
        ConfigLoader.Load(Yaml(failback: failback), "pharos.yaml").Failover.Policies.Single();
}
