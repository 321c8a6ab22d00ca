# Entity attacks. In a DOCX's word/document.xml: billion laughs, an external
# entity naming /etc/passwd, and both with the DOCTYPE pushed past the first
# 64 KiB by a long comment (fixtures/*.docx). In HTML: an entity bomb and an
# external entity in a DOCTYPE. Each DOCX gets one line naming it (refused,
# or kept with a warning); entities must never expand: no /etc/passwd text,
# no "lollol...", small memory.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
cp "$FIX/billion-laughs.docx" "$FIX/xxe.docx" "$FIX/xxe-late-doctype.docx" in/
lol='<!ENTITY lol "lol">'
prev=lol
for i in 1 2 3 4 5 6 7 8 9; do
	lol="$lol<!ENTITY lol$i \"$(printf "&$prev;%.0s" 1 2 3 4 5 6 7 8 9 10)\">"
	prev=lol$i
done
printf '<!DOCTYPE html [%s]>\n<html><head><meta charset="utf-8"><title>bomb</title></head><body><p>html bomb &lol9; end</p></body></html>\n' "$lol" >in/bomb.html
printf '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<html><head><title>xxe</title></head><body><p>html xxe &xxe; end</p></body></html>\n' >in/xxe.html
echo "a good file beside the entity attacks" >in/good.txt
run_add in
expect_status 1
for f in in/billion-laughs.docx in/xxe.docx in/xxe-late-doctype.docx; do
	expect_line 'error|warning' "$f" '.'
done
for f in in/bomb.html in/xxe.html; do
	n=$(grep -cF -- ": $f: " err)
	[ "$n" -le 1 ] || fail "$n lines name $f"
done
expect_listed in/good.txt
expect_rss_below 600 "the entity attacks"
for f in in/billion-laughs.docx in/xxe.docx in/xxe-late-doctype.docx in/bomb.html in/xxe.html; do
	if ls_json | grep -qF "\"path\":\"$f\""; then
		"$TRAWL" show "$f" >show.out 2>&1 || fail "trawl show $f failed: $(cat show.out)"
		no_sanitizer_report show.out
		grep -q 'root:.*:0:0' show.out && fail "$f: /etc/passwd was read into the store: $(head -c 500 show.out)"
		grep -q 'lollollollol' show.out && fail "$f: entities were expanded"
		size=$(wc -c <show.out)
		[ "$size" -lt 100000 ] || fail "$f: trawl show prints $size bytes; entities expanded?"
		"$TRAWL" show --json "$f" | grep -q 'root:.*:0:0' && fail "$f: /etc/passwd in show --json"
	fi
done
grep -rqs 'root:x:0:0' "$TRAWL_STORE/objects" && fail "/etc/passwd content in the store's objects"
check_intact
