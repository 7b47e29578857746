namespace Pharos.SystemTests.Support;

/// <summary>Where tests leave files for people to look at: screenshots, logs.</summary>
public static class TestOutput
{
    public static string Directory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("PHAROS_TEST_OUTPUT")
                ?? Path.Combine(AppContext.BaseDirectory, "test-output");
            System.IO.Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static string File(string name) => Path.Combine(Directory, name);
}
