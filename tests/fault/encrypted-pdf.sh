# A PDF that needs a user password (fixtures/encrypted.pdf, AES-128, made with
# mutool clean -E) fails with one line that says so.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
cp "$FIX/encrypted.pdf" in/locked.pdf
echo "a good file beside the encrypted PDF" >in/good.txt
run_add in
expect_status 1
expect_line error in/locked.pdf 'encrypt|password'
expect_summary 1 0 0 1
expect_listed in/good.txt
expect_not_listed in/locked.pdf
check_intact
