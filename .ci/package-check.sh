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

unzip -l "$work/feed/FourierGen.$version.nupkg" | tee "$work/contents.txt"
grep -q "lib/net10.0/FourierGen.dll" "$work/contents.txt"
grep -q "analyzers/dotnet/cs/FourierGen.Generators.dll" "$work/contents.txt"
grep -q "analyzers/dotnet/cs/FourierGen.CodeFixers.dll" "$work/contents.txt"

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
