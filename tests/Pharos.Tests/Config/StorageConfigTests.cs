using Pharos.Config;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Config;

public sealed class StorageConfigTests
{
    private static IReadOnlyList<ConfigError> Errors(string yaml) =>
        Should.Throw<ConfigException>(() => ConfigLoader.Load(yaml, "pharos.yaml")).Errors;

    [Fact]
    public void Without_a_storage_section_the_data_stays_in_sqlite_in_the_data_folder()
    {
        var config = ConfigLoader.Load("site:\n  name: Shop\n", "pharos.yaml");
        config.Storage.Provider.ShouldBe(SqlDialect.Sqlite);
        using var dir = new TempDir();
        config.Storage.Open(dir.Path).ShouldBeOfType<SqliteDatabase>().Path.ShouldBe(Path.Combine(dir.Path, "pharos.db"));
    }

    [Fact]
    public void Postgres_reads_its_connection_string_from_a_file_and_the_pool_size()
    {
        using var dir = new TempDir();
        var file = dir.Write("pg", "Host=db1;Port=5433;Username=pharos;Password=hunter2;Database=status\n");
        var config = ConfigLoader.Load($"site:\n  name: Shop\nstorage:\n  provider: postgres\n  connection_string_file: {file}\n  pool_size: 12\n", "pharos.yaml");
        config.Storage.Provider.ShouldBe(SqlDialect.Postgres);
        config.Storage.PoolSize.ShouldBe(12);
        var db = config.Storage.Open(dir.Path).ShouldBeOfType<PostgresDatabase>();
        db.Location.ShouldBe("db1:5433/status");
        db.Location.ShouldNotContain("hunter2");
    }

    [Fact]
    public void Mistakes_are_reported_with_their_line_and_field()
    {
        Errors("site:\n  name: Shop\nstorage:\n  provider: mysql\n").ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Line.ShouldBe(4),
            e => e.Message.ShouldContain("'provider' must be sqlite or postgres"));
        Errors("site:\n  name: Shop\nstorage:\n  provider: postgres\n  connection_string_env: PHAROS_TEST_NO_SUCH_VARIABLE\n").ShouldHaveSingleItem()
            .Message.ShouldContain("needs 'connection_string_env' or 'connection_string_file'");
        Errors("site:\n  name: Shop\nstorage:\n  provider: sqlite\n  connection_string_env: PG\n").ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Line.ShouldBe(5),
            e => e.Message.ShouldContain("a connection string is for provider: postgres"));
        Errors("site:\n  name: Shop\nstorage:\n  provider: postgres\n  pool_size: 0\n  connection_string_file: /nonexistent\n").Count.ShouldBe(2);
        Errors("site:\n  name: Shop\nstorage:\n  provider: postgres\n  connection_strng_env: PG\n")[0].Message.ShouldContain("connection_strng_env");
    }

    [Fact]
    public void A_malformed_connection_string_is_an_error_that_does_not_show_it()
    {
        using var dir = new TempDir();
        var file = dir.Write("pg", "Host=db1;Passwrd=hunter2");
        var error = Errors($"site:\n  name: Shop\nstorage:\n  provider: postgres\n  connection_string_file: {file}\n").ShouldHaveSingleItem();
        error.Message.ShouldContain("is not valid");
        error.Message.ShouldNotContain("hunter2");
    }
}
