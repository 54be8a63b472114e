#!/usr/bin/env bash
# The ARM64 kernels (Vector128 on AdvSimd: FMA, lane broadcasts, the ARM64 tile shape and rounding) checked on an x64
# machine: the numerics tests, published self-contained for linux-arm64 (the runtime pack comes from NuGet), run by
# tests/FourierGen.TestRunner under qemu-aarch64 user-mode emulation. On an ARM64 machine they run natively instead.
# Emulation says nothing about speed; it shows that every ARM64 branch computes what the x64 paths compute. Then
# samples/RealtimeInference is cross-published with Native AOT for linux-arm64 and run the same way (on x64 only).
#
# The emulated CPU is a Neoverse N1 (Graviton2, Ampere Altra: ARMv8.2 with AdvSimd and FMA, no SVE), a common ARM64
# server core, named rather than qemu's default "max". DOTNET_EnableWriteXorExecute=0: with W^X the runtime writes
# compiled code through a second, writable mapping of the same memory, which qemu's user-mode emulation does not see,
# so it went on running stale translations once methods were recompiled (seen: reflection calls on the wrong type,
# an illegal instruction, after a few hundred tests).
set -euo pipefail
cd "$(dirname "$0")/.."

out=artifacts/arm64-tests
dotnet publish tests/FourierGen.TestRunner -c Release -r linux-arm64 --self-contained -o "$out"

namespaces=(FourierGen.Tests.Numerics FourierGen.Tests.Kernels FourierGen.Tests.Features FourierGen.Tests.Training)
export FOURIERGEN_EXPECT_VECTOR_WIDTH=Vector128 FOURIERGEN_EXPECT_ARCHITECTURE=Arm64
if [ "$(uname -m)" = aarch64 ]; then
    "$out/FourierGen.TestRunner" "${namespaces[@]}"
    exit
fi

# A fresh machine of this kind has neither the emulator nor ARM64's C library and linker files (for the Native AOT
# publish below): all are Debian packages.
if ! command -v qemu-aarch64-static >/dev/null 2>&1 || ! command -v ld.lld-14 >/dev/null 2>&1 \
    || ! command -v aarch64-linux-gnu-objcopy >/dev/null 2>&1 || [ ! -e /usr/aarch64-linux-gnu/lib/crt1.o ]; then
    apt-get update -qq
    apt-get install -y -qq qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross \
        libc6-dev-arm64-cross libgcc-12-dev-arm64-cross lld-14 binutils-aarch64-linux-gnu >/dev/null
fi
emulate() { DOTNET_EnableWriteXorExecute=0 QEMU_CPU=neoverse-n1 QEMU_LD_PREFIX=/usr/aarch64-linux-gnu qemu-aarch64-static "$@"; }
emulate "$out/FourierGen.TestRunner" "${namespaces[@]}"

# The embedded-inference user's build: samples/RealtimeInference published with Native AOT for linux-arm64 (cross-
# compiled: clang for aarch64, lld, Debian's ARM64 C library as the system root), with no trim or AOT warnings, and run.
echo "-- Native AOT for linux-arm64: samples/RealtimeInference"
if command -v clang >/dev/null 2>&1; then clang=clang; else clang=clang-14; fi
publish_log=$(mktemp)
dotnet publish samples/RealtimeInference -c Release -r linux-arm64 -p:PublishAot=true -p:CppCompilerAndLinker="$clang" \
    -p:LinkerFlavor=lld -p:SysRoot=/ -p:ObjCopyName=aarch64-linux-gnu-objcopy -o artifacts/realtime-arm64 2>&1 | tee "$publish_log"
if grep -E "warning (IL|CS)[0-9]+" "$publish_log"; then
    echo "the linux-arm64 Native AOT publish produced warnings (above)"
    exit 1
fi
run_log=$(mktemp)
emulate artifacts/realtime-arm64/RealtimeInference --out artifacts/realtime-arm64/realtime.png --size 128 --repeat 1 | tee "$run_log"
grep -q "Native AOT, kernels at Vector128" "$run_log" || { echo "the ARM64 binary did not report Native AOT at Vector128"; exit 1; }
grep -q "allocated per Predict: 0.0 bytes" "$run_log" || { echo "the ARM64 binary allocated in Predict"; exit 1; }
[ -s artifacts/realtime-arm64/realtime.png ] || { echo "the ARM64 binary wrote no image"; exit 1; }
