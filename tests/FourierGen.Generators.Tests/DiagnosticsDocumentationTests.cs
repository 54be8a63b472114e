using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace FourierGen.Generators.Tests;

/// <summary>docs/diagnostics.md has a section for every descriptor, matching its title, severity and help link.</summary>
public sealed partial class DiagnosticsDocumentationTests
{
    [Fact]
    public void EveryDescriptorHasASection()
    {
        Dictionary<string, Section> sections = ReadSections();
        var missing = DiagnosticDescriptors.All.Select(d => d.Id).Where(id => !sections.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "docs/diagnostics.md has no section for " + string.Join(", ", missing));
    }

    [Fact]
    public void SectionsMatchTheDescriptors()
    {
        Dictionary<string, Section> sections = ReadSections();
        foreach (DiagnosticDescriptor descriptor in DiagnosticDescriptors.All)
        {
            Section section = sections[descriptor.Id];
            Assert.Equal(descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture), section.Title);
            Assert.Equal($"**Severity:** {descriptor.DefaultSeverity}", section.SeverityLine);

            // The help link's fragment (#fg0001) must land on the section: GitHub would make "fg0001-network-type-must-be-partial" of the heading.
            string fragment = descriptor.HelpLinkUri[(descriptor.HelpLinkUri.IndexOf('#') + 1)..];
            Assert.EndsWith("docs/diagnostics.md#" + fragment, descriptor.HelpLinkUri);
            Assert.Equal(fragment, section.Anchor);

            Assert.Contains("**Cause:**", section.Body);
            Assert.Contains("```csharp", section.Body);
            Assert.Contains(descriptor.Id, section.Body[section.Body.IndexOf("```csharp", StringComparison.Ordinal)..]); // the example shows where it is reported
            Assert.Contains("**Fix:**", section.Body);
        }
    }

    [Fact]
    public void EverySectionIsADescriptor()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToHashSet();
        Assert.All(ReadSections().Keys, id => Assert.Contains(id, ids));
    }

    [Fact]
    public void EveryBuildWarningOfThePackageHasASection()
    {
        // The package's MSBuild targets raise their own FG codes (FG0100): each has a "### FGnnnn: …" section under
        // "## Build diagnostics", with its anchor, cause and fix.
        string targets = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "FourierGen", "buildTransitive", "FourierGen.targets"));
        var codes = BuildCode().Matches(targets).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(codes);
        string[] lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));
        int buildPart = Array.IndexOf(lines, "## Build diagnostics");
        Assert.True(buildPart >= 0, "docs/diagnostics.md has no \"## Build diagnostics\" part");
        foreach (string code in codes)
        {
            int heading = Array.FindIndex(lines, l => l.StartsWith($"### {code}: ", StringComparison.Ordinal));
            Assert.True(heading > buildPart, $"docs/diagnostics.md has no \"### {code}: …\" section under Build diagnostics");
            Assert.Equal($"<a id=\"{code.ToLowerInvariant()}\"></a>", lines[heading - 2]);
            string body = string.Join("\n", lines.Skip(heading + 1).TakeWhile(l => !l.StartsWith('#')));
            Assert.Contains("**Cause:**", body);
            Assert.Contains("**Fix:**", body);
        }
    }

    private sealed record Section(string Title, string? Anchor, string SeverityLine, string Body);

    [GeneratedRegex(@"Code=""(FG\d{4})""")]
    private static partial Regex BuildCode();

    [GeneratedRegex(@"^## (FG\d{4}): (.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^<a id=""([a-z0-9]+)""></a>$")]
    private static partial Regex Anchor();

    private static Dictionary<string, Section> ReadSections()
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));
        var sections = new Dictionary<string, Section>();
        for (int i = 0; i < lines.Length; i++)
        {
            Match heading = Heading().Match(lines[i]);
            if (!heading.Success)
            {
                continue;
            }

            // The anchor is the last non-blank line before the heading.
            string? anchor = null;
            for (int j = i - 1; j >= 0 && anchor is null; j--)
            {
                if (lines[j].Length > 0)
                {
                    Match match = Anchor().Match(lines[j]);
                    anchor = match.Success ? match.Groups[1].Value : "";
                }
            }

            int end = i + 1;
            while (end < lines.Length && !lines[end].StartsWith("## ", StringComparison.Ordinal))
            {
                end++;
            }

            string[] body = lines[(i + 1)..end];
            string severity = body.FirstOrDefault(l => l.StartsWith("**Severity:**", StringComparison.Ordinal)) ?? "";
            string id = heading.Groups[1].Value;
            Assert.False(sections.ContainsKey(id), $"{id} has two sections");
            sections[id] = new Section(heading.Groups[2].Value, anchor, severity, string.Join("\n", body));
        }

        return sections;
    }

    /// <summary>The directory holding FourierGen.sln, found by walking up from the test binaries.</summary>
    internal static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FourierGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("FourierGen.sln not found above " + AppContext.BaseDirectory);
    }
}
