#!/usr/bin/env bash
# Lists optimised (Tier1 / FullOpts) methods whose code still calls a member of the SIMD layer — the width wrappers
# (Simd128/256/512/Scalar), SimdMath, FourierMath or ActivationMath's scalar helpers — that should have been inlined.
# Why: the kernels are generic over a wrapper struct whose members are one intrinsic each; when a big method (or a
# dispatcher a kernel was inlined into) runs out of the JIT's inlining budget, those members become calls that spill
# vectors through the stack, several times slower, and nothing else reports it. Every finding so far was one of these.
#
# Usage: tests/FourierGen.Benchmarks/check-inlining.sh [probe args...]   (default: --one-sample)
# Run it at each width with the runtime's knobs, e.g. DOTNET_EnableAVX2=0 tests/FourierGen.Benchmarks/check-inlining.sh.
# Exit status 1 when a method is listed. Calls to kernels that are NoInlining on purpose are not listed.
# The JIT's threads (the program's and the background tier-up) write into one listing, and now and then their lines
# interleave: a finding attributed to a runtime method, or absent from a second run, is that and not a kernel.
set -euo pipefail
cd "$(dirname "$0")/../.."
dll=tests/FourierGen.Benchmarks/bin/Release/net10.0/FourierGen.Benchmarks.dll
dotnet build tests/FourierGen.Benchmarks -c Release >/dev/null   # always: a stale build would check old code
listing=$(mktemp)
trap 'rm -f "$listing"' EXIT
DOTNET_JitDisasm='*' DOTNET_JitStdOutFile="$listing" dotnet "$dll" "${@:---one-sample}" >/dev/null
awk '
    /^; Assembly listing for method / { method = substr($0, 31); optimised = 0; next }
    /^; (Tier1|FullOpts|Tier1-OSR|OSR)/ { optimised = 1 }
    /^; (Tier0|Instrumented Tier0|MinOpts)/ { optimised = 0 }
    optimised && /call / && /(Simd(128|256|512|Scalar)`1\[(float|double)\]:|SimdMath:|FourierMath:|ActivationMath:(Store|FlushTiny|Relu))/ {
        found[method] = found[method] "\n      " $0
    }
    END { n = 0; for (m in found) { print m found[m]; n++ } exit n > 0 }
' "$listing"
