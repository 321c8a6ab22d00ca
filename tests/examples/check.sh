# Every file in examples/ ingests with the right text: each excerpt in
# expected.tsv appears in its file's text, nothing in absent.tsv does, and
# every file of examples/ (but the sidecar) is listed, an archive by its
# members.
set -u
"$TRAWL" --store "$TMP/st" add "$ROOT/examples" >"$TMP/add.out" 2>"$TMP/add.err"
status=$?
cat "$TMP/add.out"
if [ $status -ne 0 ] || [ -s "$TMP/add.err" ]; then
	echo "add failed or complained (status $status):"; cat "$TMP/add.err"; exit 1
fi
"$TRAWL" --store "$TMP/st" ls --json >"$TMP/ls.json" || exit 1
# the text of every document of one file, by path suffix
text_of() {
	grep -F "\"path\":\"$ROOT/examples/$1\"" "$TMP/ls.json" |
		sed -n 's/^{"id":"\([0-9a-f]*\)".*/\1/p' | while read -r id; do
			"$TRAWL" --store "$TMP/st" show "$id"
		done
}
fails=0
checked=0
while IFS=$'\t' read -r file excerpt; do
	[ -z "$file" ] && continue
	case "$file" in \#*) continue ;; esac
	if [ ! -f "$TMP/text-$(echo "$file" | md5sum | cut -c1-12)" ]; then
		text_of "$file" >"$TMP/text-$(echo "$file" | md5sum | cut -c1-12)"
	fi
	t="$TMP/text-$(echo "$file" | md5sum | cut -c1-12)"
	if [ ! -s "$t" ]; then echo "no text for $file"; fails=$((fails + 1)); continue; fi
	checked=$((checked + 1))
	if ! grep -qF -- "$excerpt" "$t"; then
		echo "MISSING in $file: $excerpt"
		fails=$((fails + 1))
	fi
done <"$TESTS/examples/expected.tsv"
while IFS=$'\t' read -r file excerpt; do
	[ -z "$file" ] && continue
	case "$file" in \#*) continue ;; esac
	t="$TMP/text-$(echo "$file" | md5sum | cut -c1-12)"
	[ -f "$t" ] || text_of "$file" >"$t"
	if grep -qF -- "$excerpt" "$t"; then
		echo "PRESENT but should not be, in $file: $excerpt"
		fails=$((fails + 1))
	fi
done <"$TESTS/examples/absent.tsv"
# every example file is a listed document (an archive: its members are)
for f in $(cd "$ROOT/examples" && find . -type f ! -name '*.url' | sed 's|^\./||'); do
	case "$f" in
	*.zip) grep -qF "\"path\":\"$ROOT/examples/$f!" "$TMP/ls.json" ||
		{ echo "no member listed: $f"; fails=$((fails + 1)); } ;;
	*) grep -qF "\"path\":\"$ROOT/examples/$f\"" "$TMP/ls.json" ||
		{ echo "not listed: $f"; fails=$((fails + 1)); } ;;
	esac
done
echo "$checked excerpts checked, $fails problems"
[ $fails -eq 0 ] && [ $checked -gt 100 ]
