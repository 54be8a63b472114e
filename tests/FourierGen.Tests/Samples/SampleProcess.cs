using System.Diagnostics;

namespace FourierGen.Tests.Samples;

/// <summary>Runs a built sample (its dll, copied next to the tests by the ProjectReference) and captures its exit code and output.</summary>
internal static class SampleProcess
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string sample, string arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, sample + ".dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", $"\"{dll}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("SLURM_ARRAY_TASK_ID");
        start.Environment.Remove("JOB_COMPLETION_INDEX");
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), $"{sample} did not exit within 120 s");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Asserts a bad command line: non-zero exit, exactly one "error: " line, no stack trace or .NET exception name.</summary>
    public static void AssertOneLineError(string sample, string arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        (int exitCode, string stdout, string stderr) = Run(sample, arguments, environment);
        Assert.NotEqual(0, exitCode);
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"{sample} {arguments}: expected one error line, got: {stderr}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", stdout + stderr);
        Assert.DoesNotContain("Exception", stdout + stderr);
    }

    /// <summary>Asserts --help exits 0 and names every option.</summary>
    public static void AssertHelpNames(string sample, params string[] options)
    {
        (int exitCode, string stdout, _) = Run(sample, "--help");
        Assert.Equal(0, exitCode);
        foreach (string option in options)
        {
            Assert.Contains(option, stdout);
        }
    }

    /// <summary>Asserts the file is a PNG of some substance.</summary>
    public static void AssertPng(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000 && bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), $"{path} is not a PNG");
    }
}
