# Generated awards of several lots (TXT and HTML; tests/prop/award_lots.py):
# each notice's amount is the sum of its lots, a figure that names a vendor
# names its own lot's, every lot's figure names its vendor in the layouts
# that tell it, and report --by vendor gives each vendor its lots (the
# notices that can't tell, the vendors together). Seeded and deterministic:
# AWARD_LOTS_SEEDS="1 2" lists the seeds, 60 notices each.
set -u
gen="$TESTS/prop/award_lots.py"
status=0
for seed in ${AWARD_LOTS_SEEDS:-1 2}; do
	dir="$TMP/seed$seed"
	/usr/bin/python3 "$gen" gen "$seed" 60 "$dir/in" || { echo "generator failed (seed $seed)"; exit 1; }
	# (not the truth file: a JSON that is not OCDS, which add warns about)
	find "$dir/in" -type f ! -name truth.json -print0 |
		xargs -0 "$TRAWL" --store "$dir/store" add >"$dir/add.out" 2>"$dir/add.err" ||
		{ echo "trawl add failed (seed $seed):"; cat "$dir/add.err"; status=1; continue; }
	for c in "ls --json" "facts --kind money --json" "report --by vendor --csv"; do
		f="$dir/$(echo "$c" | cut -d' ' -f1).out"
		# shellcheck disable=SC2086
		"$TRAWL" --store "$dir/store" $c >"$f" 2>"$dir/err" ||
			{ echo "trawl $c failed (seed $seed):"; cat "$dir/err"; status=1; continue 2; }
	done
	echo "seed $seed:"
	/usr/bin/python3 "$gen" check "$dir/in" "$dir/ls.out" "$dir/facts.out" "$dir/report.out" ||
		status=1
done
exit $status
