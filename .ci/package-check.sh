#!/usr/bin/env bash
# Packs FourierGen and builds a throwaway consumer against the package from a local folder feed,
# the way a user installs it: the runtime from lib/net10.0, the generator from analyzers/dotnet/cs.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A unique version so that no cached package of the same version can stand in for this build.
version="0.1.0-ci.$(date +%s)"
dotnet pack src/FourierGen -c Release -o "$work/feed" -p:Version="$version"

nupkg="$work/feed/FourierGen.$version.nupkg"
snupkg="$work/feed/FourierGen.$version.snupkg"
unzip -l "$nupkg" | tee "$work/contents.txt"
fail() { echo "package check: $*"; exit 1; }
for entry in lib/net10.0/FourierGen.dll lib/net10.0/FourierGen.xml analyzers/dotnet/cs/FourierGen.Generators.dll \
             analyzers/dotnet/cs/FourierGen.CodeFixers.dll README.md icon.png; do
    grep -qE " $entry\$" "$work/contents.txt" || fail "the nupkg lacks $entry"
done

# Metadata: README, icon, project and repository URL (with the commit), tags; one URL, RepositoryUrl, behind all of them.
mkdir -p "$work/nupkg" && unzip -q "$nupkg" -d "$work/nupkg"
nuspec="$work/nupkg/FourierGen.nuspec"
repository=$(dotnet msbuild src/FourierGen -getProperty:RepositoryUrl)
[ -n "$repository" ] || fail "RepositoryUrl is not set"
grep -q "<readme>README.md</readme>" "$nuspec" || fail "no <readme> in the nuspec"
grep -q "<icon>icon.png</icon>" "$nuspec" || fail "no <icon> in the nuspec"
grep -q "<projectUrl>$repository</projectUrl>" "$nuspec" || fail "the project URL is not $repository"
grep -qE "<repository type=\"git\" url=\"$repository\"[^>]* commit=\"[0-9a-f]{40}\"" "$nuspec" || fail "no repository URL with a commit in the nuspec"
grep -qE "<tags>[^<]+</tags>" "$nuspec" || fail "no tags in the nuspec"
[ "$(head -c 8 "$work/nupkg/icon.png" | od -An -tx1 | tr -s ' ')" = " 89 50 4e 47 0d 0a 1a 0a" ] || fail "icon.png is not a PNG"
grep -q "<member name=\"T:FourierGen.Trainer\`1\">" "$work/nupkg/lib/net10.0/FourierGen.xml" || fail "the XML documentation lacks Trainer<TNet>"

# The package README stands alone on a package page: every link absolute, the repository's under RepositoryUrl.
readme="$work/nupkg/README.md"
grep -q "CreateTrainer" "$readme" && grep -q "LoadCheckpoint" "$readme" && grep -q "\.Load(" "$readme" || fail "the README does not show training, checkpoints and loading"
if grep -oE "\]\([^)]+\)" "$readme" | grep -vE "^\]\(https?://"; then fail "relative links in the package README (above)"; fi
grep -q "]($repository/blob/" "$readme" || fail "the README links nothing under $repository"

# Symbols: the .snupkg holds the PDB, and the PDB maps the sources to RepositoryUrl (SourceLink).
[ -s "$snupkg" ] || fail "no .snupkg"
# Listed to a file first: with pipefail, `unzip -l | grep -q` fails at random when grep exits before unzip has written all.
unzip -l "$snupkg" > "$work/symbols.txt"
grep -q "lib/net10.0/FourierGen.pdb" "$work/symbols.txt" || fail "the .snupkg lacks FourierGen.pdb"
unzip -p "$snupkg" lib/net10.0/FourierGen.pdb > "$work/FourierGen.pdb"
grep -aq "raw.githubusercontent.com/${repository#https://github.com/}/" "$work/FourierGen.pdb" || fail "the PDB has no SourceLink to $repository"
echo "package check: README, XML docs, icon, repository metadata, tags, .snupkg with SourceLink: ok"

mkdir -p "$work/consumer"
cp .ci/consumer/Program.cs "$work/consumer/"
sed "s/@VERSION@/$version/" .ci/consumer/Consumer.csproj.template > "$work/consumer/Consumer.csproj"
cat > "$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$work/feed" />
  </packageSources>
</configuration>
XML
# No <clear/>: the machine's usual NuGet sources stay, for System.Numerics.Tensors.
dotnet restore "$work/consumer/Consumer.csproj"
dotnet run --project "$work/consumer/Consumer.csproj" -c Release --no-restore

# FG0100 (the package's buildTransitive targets): a Native AOT publish for x64 without IlcInstructionSet is warned
# about, once; with an instruction set, or for ARM64, it is not. The publish's first target is enough to see it.
aot() { dotnet msbuild "$work/consumer/Consumer.csproj" -restore -nologo -v:m -t:FourierGenWarnPortableAot -p:PublishAot=true "$@"; }
[ "$(aot -p:RuntimeIdentifier=linux-x64 | grep -c 'warning FG0100')" = 1 ] || fail "no FG0100 for a Native AOT publish for linux-x64 without an instruction set"
if aot -p:RuntimeIdentifier=linux-x64 -p:IlcInstructionSet=x86-64-v3 | grep -q FG0100; then fail "FG0100 despite IlcInstructionSet"; fi
if aot -p:RuntimeIdentifier=linux-arm64 | grep -q FG0100; then fail "FG0100 for linux-arm64"; fi
echo "package check: FG0100 for a portable x64 Native AOT publish, and only then: ok"
