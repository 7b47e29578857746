using Pharos.Monitoring.Division;

namespace Pharos.Tests.Monitoring.Division;

/// <summary>The division of checks among nodes is even, the same on every node, and moves only a leaving node's share.</summary>
public sealed class CheckRendezvousTests
{
    private static readonly string[] Checks = Enumerable.Range(0, 10_000).Select(i => $"http-{i}").ToArray();

    [Fact]
    public void Ten_thousand_checks_divide_about_evenly_among_three_nodes()
    {
        string[] nodes = ["n1", "n2", "n3"];
        var counts = Checks.GroupBy(c => CheckRendezvous.OwnerOf(c, nodes)).ToDictionary(g => g.Key, g => g.Count());
        counts.Keys.Order().ShouldBe(nodes);
        counts.Values.ShouldAllBe(n => n > 3_000 && n < 3_700, string.Join(", ", counts));
    }

    [Fact]
    public void The_owner_does_not_depend_on_the_order_nodes_are_listed_in()
    {
        foreach (var c in Checks.Take(500))
        {
            CheckRendezvous.OwnerOf(c, ["a", "b", "c"]).ShouldBe(CheckRendezvous.OwnerOf(c, ["c", "a", "b"]));
        }
    }

    [Fact]
    public void A_node_leaving_moves_only_its_own_checks_and_a_node_joining_takes_only_from_others()
    {
        string[] three = ["n1", "n2", "n3"];
        string[] two = ["n1", "n3"];
        foreach (var c in Checks)
        {
            var before = CheckRendezvous.OwnerOf(c, three);
            var after = CheckRendezvous.OwnerOf(c, two);
            if (before != "n2")
            {
                after.ShouldBe(before, $"{c} was not n2's and stays where it was");
            }
        }

        string[] four = ["n1", "n2", "n3", "n4"];
        var moved = Checks.Count(c => CheckRendezvous.OwnerOf(c, four) != CheckRendezvous.OwnerOf(c, three));
        Checks.Where(c => CheckRendezvous.OwnerOf(c, four) != CheckRendezvous.OwnerOf(c, three)).ShouldAllBe(c => CheckRendezvous.OwnerOf(c, four) == "n4");
        moved.ShouldBeInRange(2_100, 2_900, "about a quarter moves to the new node");
    }

    [Fact]
    public void No_members_is_refused() => Should.Throw<ArgumentException>(() => CheckRendezvous.OwnerOf("x", []));
}
