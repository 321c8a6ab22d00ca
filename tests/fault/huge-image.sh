# An image of 30000 x 30000 pixels (a PNG of 1-bit pixels, 110 KB on disk:
# 900 million pixels once decoded) and an image of 0 x 0 pixels end in
# bounded time and memory, each with one line that says what is wrong; the
# good file beside them is added.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
/usr/bin/python3 - <<'PY' || fail "can't write the PNGs"
import struct, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
def png(path, w, h, rows):
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0)))
        f.write(chunk(b"IDAT", rows))
        f.write(chunk(b"IEND", b""))
w = h = 30000
z = zlib.compressobj(9)
row = b"\x00" + b"\xff" * ((w + 7) // 8)
out = [z.compress(row) for _ in range(h)]
out.append(z.flush())
png("in/huge.png", w, h, b"".join(out))
png("in/empty.png", 0, 0, zlib.compress(b""))
PY
echo "a good file beside the images" >in/good.txt
run_add_bounded 120 800 "a 30000x30000 image" in
expect_status 1
expect_line 'error|warning' in/huge.png '30000x30000|too large|limit'
expect_line 'error|warning' in/empty.png 'empty|zero|no image|can.t be (read|decoded)|0x0|width'
expect_listed in/good.txt
check_intact
