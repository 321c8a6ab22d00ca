# The download of a document's original bytes (GET /doc/ID/original and
# /api/v1/documents/ID/original) says what went wrong, never sending part
# of a file as if whole:
#   - every document's original (members of a zip too) is its stored bytes;
#   - a document the store does not have is a 404;
#   - an original gone from objects/, or cut short, is a 503 that says the
#     original can't be read (and why), logged on the server's stderr;
#   - a store that fails reading the document (TRAWL_FAULTS=store-read:
#     SQLite refuses the row, "string or blob too big") is a 500 with the
#     store's own message, logged.
. "$TESTS/fault/lib.bash"
. "$TESTS/fault/serve.bash"
mkdir in
cp "$ROOT/examples/caigou_hetong_gongshi_2024.csv" "$ROOT/examples/caigou_yixiang_2024_05_fujian.zip" \
	"$ROOT/examples/bianjian_zhidui_2024_bumen_yusuan.pdf" in/
"$TRAWL" add in >add.out 2>&1 || fail "add: $(cat add.out)"
"$TRAWL" ls --json >ls.json
ids=$(sed 's/.*"id":"\([0-9a-f]*\)".*/\1/' ls.json)
[ "$(echo "$ids" | wc -l)" = 4 ] || fail "expected 4 documents: $(cat ls.json)"
serve_start
for id in $ids; do
	sha=$(grep -F "\"id\":\"$id\"" ls.json | sed 's/.*"sha256":"\([0-9a-f]*\)".*/\1/')
	get "/doc/$id/original"
	expect_code 200 "the original of $id"
	[ "$(sha256sum <body | cut -d' ' -f1)" = "$sha" ] || fail "the original of $id is not its stored bytes"
done
get "/api/v1/documents/$(printf '0%.0s' $(seq 64))/original"
expect_code 404 "an unknown document"
grep -q 'no such document' body || fail "the 404 does not say there is no such document: $(cat body)"

csv=$(grep -F 'caigou_hetong_gongshi_2024.csv' ls.json | sed 's/.*"id":"\([0-9a-f]*\)".*/\1/')
csvsha=$(grep -F 'caigou_hetong_gongshi_2024.csv' ls.json | sed 's/.*"sha256":"\([0-9a-f]*\)".*/\1/')
pdf=$(grep -F 'bumen_yusuan.pdf' ls.json | sed 's/.*"id":"\([0-9a-f]*\)".*/\1/')
pdfsha=$(grep -F 'bumen_yusuan.pdf' ls.json | sed 's/.*"sha256":"\([0-9a-f]*\)".*/\1/')
csvobj="$TRAWL_STORE/objects/${csvsha:0:2}/${csvsha:2}"
pdfobj="$TRAWL_STORE/objects/${pdfsha:0:2}/${pdfsha:2}"
[ -f "$csvobj" ] && [ -f "$pdfobj" ] || fail "the objects are not where expected"
# gone
mv "$csvobj" csv.saved
get "/api/v1/documents/$csv/original"
expect_code 503 "an original gone from the store"
grep -q "the original can't be read: No such file or directory" body ||
	fail "the 503 does not say the original is gone: $(cat body)"
mv csv.saved "$csvobj"
get "/doc/$csv/original"
expect_code 200 "the original back in its place"
# cut short
cp "$pdfobj" pdf.saved
chmod u+w "$pdfobj"
truncate -s 1000 "$pdfobj"
get "/doc/$pdf/original"
expect_code 503 "an original cut short"
grep -q "the original can't be read: its size is not the size stored" body ||
	fail "the 503 does not say the original is cut short: $(cat body)"
cp pdf.saved "$pdfobj"
serve_stop
grep -q "GET /api/v1/documents/$csv/original: the original can't be read: No such file" s.err ||
	fail "the server's log does not say the original is gone: $(cat s.err)"
grep -q "GET /doc/$pdf/original: the original can't be read: its size" s.err ||
	fail "the server's log does not say the original is cut short: $(cat s.err)"

# the store fails
TRAWL_FAULTS=store-read serve_start
get "/doc/$csv/original"
expect_code 500 "a store that fails"
grep -q 'store error: reading the document: string or blob too big' body ||
	fail "the 500 does not give the store's own message: $(cat body)"
serve_stop
grep -q "GET /doc/$csv/original: store error: reading the document: string or blob too big" s.err ||
	fail "the server's log does not give the store's message: $(cat s.err)"
