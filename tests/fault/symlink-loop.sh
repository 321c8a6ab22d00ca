# A symlink to itself and a directory cycle (sub/up -> ..): one line each
# naming it; the run goes on and every real file is added exactly once.
. "$TESTS/fault/lib.bash"
seed_store
mkdir -p in/sub
ln -s loop in/loop
ln -s .. in/sub/up
echo "a good file at the top" >in/top.txt
echo "a good file in sub" >in/sub/deep.txt
run_add in
expect_status 1
expect_line 'error|warning' in/loop 'loop|symbolic'
expect_line 'error|warning' in/sub/up 'cycle|loop'
expect_listed in/top.txt in/sub/deep.txt
n=$(ls_json | grep -c '"path":"in/')
[ "$n" = 2 ] || fail "$n documents under in/ listed, expected 2: $(ls_json | grep '"path":"in/')"
grep -qE '^2 added, 0 unchanged, 0 new versions, ' out || fail "summary is not '2 added, ...'"
check_intact
