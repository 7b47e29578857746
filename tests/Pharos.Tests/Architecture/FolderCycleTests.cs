namespace Pharos.Tests.Architecture;

/// <summary>Folders are features; a cycle between two of them means neither can be understood, moved or tested alone.</summary>
public sealed class FolderCycleTests
{
    [Fact]
    public void No_two_folders_depend_on_each_other_even_through_others()
    {
        var graph = FolderDependencies.Of(typeof(Pharos.Domain.Incident).Assembly);
        var cycles = FolderDependencies.Cycles(graph);
        var edges = string.Join("\n", graph.OrderBy(g => g.Key).Select(g => $"{g.Key} -> {string.Join(", ", g.Value.Order())}"));
        cycles.ShouldBeEmpty($"folder cycles; the folder graph is:\n{edges}");
    }

    [Fact]
    public void The_dependency_reader_sees_a_reference_made_only_inside_a_method_body()
    {
        // Monitoring's automatic incidents write through the one write path without naming it in any signature
        // but the constructor; the writer is found either way, and Domain depends on nothing else in Pharos.
        var graph = FolderDependencies.Of(typeof(Pharos.Domain.Incident).Assembly);
        graph["Monitoring"].ShouldContain("Writes");
        graph["Domain"].ShouldBeEmpty();
        FolderDependencies.Cycles(new() { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] }).ShouldBe(["A <-> B <-> C"]);
    }
}
