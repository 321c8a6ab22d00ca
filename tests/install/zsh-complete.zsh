# Types "trawl WORDS<TAB>" into an interactive zsh (through zpty) that
# loads the completion in $1, and prints what zsh shows: the completed line
# and the list of candidates.  zsh -f tests/install/zsh-complete.zsh DIR WORDS
#
# Each step waits for zsh to be done with the one before: keys typed while
# zsh is still busy are typeahead, and zsh lists no candidates while keys
# are pending (which made this test fail on a loaded machine).
zmodload zsh/zpty || exit 2
dir=$1
shift
out=
# read_until PATTERN: what zsh prints, until it holds PATTERN (60 s at most)
read_until() {
	local chunk i
	for i in {1..600}; do
		if zpty -rt z chunk 2>/dev/null; then
			out+=$chunk
			[[ $out == *$~1* ]] && return 0
		else
			sleep 0.1
		fi
	done
	return 1
}
# read_quiet: what zsh prints, until it has printed nothing for half a second
read_quiet() {
	local chunk i quiet=0
	for i in {1..600}; do
		if zpty -rt z chunk 2>/dev/null; then
			out+=$chunk
			quiet=0
		else
			((++quiet >= 5)) && return 0
			sleep 0.1
		fi
	done
}
zpty z "zsh -f -i"
zpty -w z "PS1='> '; fpath=($dir \$fpath); autoload -Uz compinit; compinit -u -D; setopt nobeep"
zpty -w z "zstyle ':completion:*' list-prompt ''; zstyle ':completion:*' menu no; LISTMAX=1000"
# the marker is printed only when the line runs (its echo reads @@ready''@@)
zpty -w z "print @@ready''@@"
read_until '@@ready@@*> ' || { zpty -d z; print "zsh did not start"; exit 1; }
out=
zpty -w -n z "trawl $*"$'\t'
read_quiet
# what is typed after the TAB is shown once the completion is done
zpty -w -n z '#@@'
read_until '#@@'
zpty -d z
print -r -- "$out" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tr -d '\r'
