#!/usr/bin/env bash
# The ARM64 kernels (Vector128 on AdvSimd: FMA, lane broadcasts, the ARM64 tile shape and rounding) checked on an x64
# machine: the numerics tests, published self-contained for linux-arm64 (the runtime pack comes from NuGet), run by
# tests/FourierGen.TestRunner under qemu-aarch64 user-mode emulation. On an ARM64 machine they run natively instead.
# Emulation says nothing about speed; it shows that every ARM64 branch computes what the x64 paths compute.
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

# A fresh machine of this kind has neither the emulator nor ARM64's C library: both are Debian packages.
if ! command -v qemu-aarch64-static >/dev/null 2>&1 || [ ! -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ]; then
    apt-get update -qq
    apt-get install -y -qq qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross >/dev/null
fi
DOTNET_EnableWriteXorExecute=0 QEMU_CPU=neoverse-n1 QEMU_LD_PREFIX=/usr/aarch64-linux-gnu qemu-aarch64-static "$out/FourierGen.TestRunner" "${namespaces[@]}"
