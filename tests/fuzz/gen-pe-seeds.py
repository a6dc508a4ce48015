#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# gen-pe-seeds.py - write the fuzz-pe seeds to tests/fuzz/corpus/pe/:
# small unified kernel images around a minimal bzImage header, a bzImage
# with an EFI-stub-like PE header, and EFI zboot files.  Layout as in
# doc/abi.md 19 (and tests/unit/pebuild.h).
import gzip, os, struct, sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "corpus", "pe")
os.makedirs(out, exist_ok=True)

def bzimage(pm=0x400):
    b = bytearray(5 * 512 + pm)          # setup_sects 4
    b[0x1f1] = 4
    struct.pack_into("<H", b, 0x1fe, 0xaa55)
    b[0x201] = 0x6a                      # header ends at 0x26c
    b[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", b, 0x206, 0x020f)
    b[0x211] = 1                         # LOADED_HIGH
    struct.pack_into("<I", b, 0x22c, 0x7fffffff)
    struct.pack_into("<I", b, 0x230, 0x200000)
    b[0x234] = 1
    struct.pack_into("<H", b, 0x236, 3)
    struct.pack_into("<I", b, 0x238, 2047)
    struct.pack_into("<Q", b, 0x258, 0x1000000)
    struct.pack_into("<I", b, 0x260, 0x10000)
    return b

def pe(sections, optlen=0xf0):
    up = lambda v: (v + 0x1ff) & ~0x1ff
    tab = 0x58 + optlen
    pos = up(tab + 40 * len(sections))
    b = bytearray(pos)
    b[0:2] = b"MZ"
    struct.pack_into("<I", b, 0x3c, 0x40)
    b[0x40:0x44] = b"PE\0\0"
    struct.pack_into("<HH", b, 0x44, 0x8664, len(sections))
    struct.pack_into("<H", b, 0x44 + 16, optlen)
    for i, (name, data) in enumerate(sections):
        h = tab + 40 * i
        b[h:h + len(name)] = name
        struct.pack_into("<IIII", b, h + 8, len(data), 0x100000 * (i + 1),
                         up(len(data)), pos)
        b += data + bytes(up(len(data)) - len(data))
        pos += up(len(data))
    return bytes(b)

def zboot(comp, payload):
    h = bytearray(0x200)
    h[0:2] = b"MZ"
    h[4:8] = b"zimg"
    struct.pack_into("<II", h, 8, 0x200, len(payload))
    h[24:24 + len(comp)] = comp
    return bytes(h) + payload

bz = bytes(bzimage())
seeds = {
    "uki-full": pe([(b".osrel", b"ID=x\n"), (b".cmdline", b"console=ttyS0\n"),
                    (b".linux", bz), (b".initrd", b"07070100")]),
    "uki-linux-only": pe([(b".linux", bz)]),
    "uki-no-opt": pe([(b".linux", bz), (b".cmdline", b"a b")], optlen=0),
    "pe-no-linux": pe([(b".text", b"\xc3" * 16)]),
    "zboot-gzip-bzimage": zboot(b"gzip", gzip.compress(bz, mtime=0)),
    "zboot-lz4": zboot(b"lz4", b"\x04\x22\x4d\x18" + bytes(12)),
}
b = bytearray(bz)                      # a bzImage with a PE header
b[0:2] = b"MZ"
struct.pack_into("<I", b, 0x3c, 0x80)
b[0x80:0x84] = b"PE\0\0"
struct.pack_into("<HH", b, 0x84, 0x8664, 1)
b[0x98:0x9d] = b".text"
seeds["bzimage-efi-stub"] = bytes(b)
for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
