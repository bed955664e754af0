#!/usr/bin/env python3
"""Derive data/digits.bin from the copy of the UCI 8x8 digits that scikit-learn ships.

Run once by hand; the build never runs it (the result is committed):
    pip download scikit-learn==1.5.2 --no-deps --only-binary=:all: \
        --python-version 3.11 --platform manylinux_2_17_x86_64 -d /tmp/skl
    python3 scripts/derive-digits.py /tmp/skl/scikit_learn-1.5.2-*.whl

Output: 1797 records of 65 bytes, the label (0-9) then the 64 pixels (0-16) row by row,
in the wheel's order. Standard library only.
"""
import gzip
import hashlib
import sys
import zipfile

MEMBER = "sklearn/datasets/data/digits.csv.gz"

def main(wheel, out="data/digits.bin"):
    with zipfile.ZipFile(wheel) as z:
        packed = z.read(MEMBER)
    print(f"{MEMBER}: sha256 {hashlib.sha256(packed).hexdigest()}")
    records = bytearray()
    for line in gzip.decompress(packed).decode().splitlines():
        values = [int(float(v)) for v in line.split(",")]
        assert len(values) == 65, len(values)
        pixels, label = values[:64], values[64]
        assert 0 <= label <= 9 and all(0 <= p <= 16 for p in pixels)
        records += bytes([label] + pixels)
    assert len(records) == 1797 * 65
    with open(out, "wb") as f:
        f.write(records)
    print(f"{out}: {len(records)} bytes, sha256 {hashlib.sha256(records).hexdigest()}")

if __name__ == "__main__":
    main(*sys.argv[1:])
