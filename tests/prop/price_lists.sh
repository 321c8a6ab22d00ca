# Generated price lists (XLS, XLSX, CSV, HTML; tests/prop/price_lists.py):
# every price is found once as money and once as a line item, with its
# value, unit, currency and role "price"; every item is labelled with its
# product and carries its company; every company is a party; no other
# column (序号, 数量, 包装, 规格, 组别, 转换比, 批准文号, 装量 ...) is money.
# Seeded and deterministic: PRICE_LIST_SEEDS="1 2 3" lists the seeds, 40
# lists each.
set -u
gen="$TESTS/prop/price_lists.py"
status=0
for seed in ${PRICE_LIST_SEEDS:-1 2 3}; do
	dir="$TMP/seed$seed"
	/usr/bin/python3 "$gen" gen "$seed" 40 "$dir/in" || { echo "generator failed (seed $seed)"; exit 1; }
	# (not the truth file: a JSON that is not OCDS, which add warns about)
	find "$dir/in" -type f ! -name truth.json -print0 |
		xargs -0 "$TRAWL" --store "$dir/store" add >"$dir/add.out" 2>"$dir/add.err" ||
		{ echo "trawl add failed (seed $seed):"; cat "$dir/add.err"; status=1; continue; }
	"$TRAWL" --store "$dir/store" facts --json >"$dir/facts.json" 2>"$dir/facts.err" ||
		{ echo "trawl facts failed (seed $seed):"; cat "$dir/facts.err"; status=1; continue; }
	echo "seed $seed:"
	/usr/bin/python3 "$gen" check "$dir/in" "$dir/facts.json" || status=1
done
exit $status
