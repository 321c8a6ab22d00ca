# --help, the manual pages and the shell completions are made from one
# table: this walks it (trawl help --list: every command, option, alias,
# query field and value) and checks that each is named by the command's
# --help and by its manual page (scdoc, rendered by man), and offered by
# the bash completion and the zsh one, each run as the shell runs it (zsh
# through a pseudo-terminal, tests/install/zsh-complete.zsh).
set -u
fail() { echo "FAIL: $*"; exit 1; }
T=$TRAWL
export TRAWL_STORE=$TMP/nostore
"$T" help --list >list || fail "trawl help --list: $?"
[ "$(grep -c '^command' list)" -ge 15 ] || fail "the table has $(grep -c '^command' list) commands"
command -v scdoc >/dev/null || fail "scdoc is missing (make test installs it)"
command -v zsh >/dev/null || fail "zsh is missing (make test installs it)"
export MANWIDTH=200 LC_ALL=C.UTF-8
man_of() { # CMD... -> the rendered page
	"$T" help --man "$@" >page.scd || fail "help --man $*"
	scdoc <page.scd >page.1 2>scdoc.err || fail "scdoc rejects the page of '$*': $(cat scdoc.err)"
	man -l page.1 2>man.err | col -b || fail "man can't show the page of '$*'"
}
"$T" completion bash >comp.bash || fail "completion bash"
"$T" completion zsh >comp.zsh || fail "completion zsh"
zsh -n comp.zsh 2>zsh.err || fail "the zsh completion is not valid zsh: $(cat zsh.err)"
bash -n comp.bash 2>bash.err || fail "the bash completion is not valid bash: $(cat bash.err)"
zdir=$TMP/zsh-fpath
mkdir -p "$zdir" && cp comp.zsh "$zdir/_trawl"
zsh_complete() { # WORDS... -> what zsh shows after a TAB
	PATH=$(dirname "$T"):$PATH zsh -f "$TESTS/install/zsh-complete.zsh" "$zdir" "$@"
}
bash_complete() { # WORDS... (the last is being completed) -> candidates
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; _trawl; printf "%s\n" "${COMPREPLY[@]}"' \
		x "$PWD/comp.bash" trawl "$@"
}
man_of >main.txt
bash_complete "" >cmds.txt
checked=0
while IFS=$'\t' read -r kind a b c d; do
	case $kind in
	command)
		cmd=$a
		"$T" $cmd --help >help.txt || fail "trawl $cmd --help"
		man_of $cmd >man.txt
		grep -q "trawl $cmd" main.txt || fail "trawl(1) does not name trawl $cmd"
		# shellcheck disable=SC2086
		bash_complete $cmd -- >opts.txt
		# shellcheck disable=SC2086
		zsh_complete $cmd -- >zopts.txt
		grep -qx -- "${cmd%% *}" cmds.txt || fail "bash completion does not offer the command ${cmd%% *}"
		;;
	option | alias)
		opt=$b
		grep -q -- "$opt" help.txt || fail "trawl $cmd --help does not name $opt"
		grep -q -- "$opt" man.txt || fail "the manual page of trawl $cmd does not name $opt"
		grep -qx -- "$opt" opts.txt || fail "bash completion of 'trawl $cmd --' does not offer $opt"
		grep -qE -- "(^| )$opt( |$)" zopts.txt || fail "zsh completion of 'trawl $cmd --' does not offer $opt: $(tail -5 zopts.txt)"
		if [ "$kind" = option ] && [ -n "$d" ]; then
			grep -q -- "$d, $opt" help.txt || fail "trawl $cmd --help does not give $d for $opt"
		fi
		checked=$((checked + 1))
		;;
	global)
		grep -q -- "$a" main.txt || fail "trawl(1) does not name $a"
		"$T" --help | grep -q -- "$a" || fail "trawl --help does not name $a"
		"$T" ls --help | grep -q -- "$a" || fail "trawl ls --help does not name $a"
		bash_complete ls -- | grep -qx -- "$a" || fail "bash completion of 'trawl ls --' does not offer $a"
		grep -q -- "$a" comp.zsh || fail "the zsh completion does not name $a"
		checked=$((checked + 1))
		;;
	field)
		"$T" search --help | grep -q "^  $a" || fail "trawl search --help does not list $a"
		man_of search | grep -q "$a" || fail "trawl-search(1) does not list $a"
		grep -q "$a" main.txt || fail "trawl(1) does not list $a"
		bash_complete search "" | grep -qx "$a" || fail "bash completion of a query does not offer $a"
		zsh_complete search "${a%?}" | grep -q -- "$a" || fail "zsh completion of a query does not offer $a"
		"$T" facts --help | grep -q "^  $a" || fail "trawl facts --help does not list $a"
		checked=$((checked + 1))
		;;
	value)
		"$T" search --help | grep -q "$b" || fail "trawl search --help does not list $a$b"
		bash_complete search "$a" | grep -qx "$b" || fail "bash completion of '$a' does not offer $b"
		grep -q "compset -P '$a'.* $b\\b" comp.zsh || fail "the zsh completion of $a does not offer $b"
		checked=$((checked + 1))
		;;
	esac
done <list
echo "note: $checked options, fields and values checked in --help, man and completions"
# values of an option's choices, and files for a file option
bash_complete report --by "" | grep -qx vendor || fail "bash completion of report --by does not offer vendor"
bash_complete watch "" | grep -qx run || fail "bash completion of trawl watch does not offer run"
bash_complete completion "" | grep -qx zsh || fail "bash completion of trawl completion does not offer zsh"
zsh_complete report --by "" | grep -q vendor || fail "zsh completion of report --by does not offer vendor"
zsh_complete search kind:aw | grep -q 'kind:award' || fail "zsh completion of kind:aw is not kind:award"
zsh_complete watch "" | grep -q '^run' || fail "zsh completion of trawl watch does not offer run"
[ "$checked" -gt 80 ] || fail "only $checked names checked"
