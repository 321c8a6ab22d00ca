# Types "trawl WORDS<TAB>" into an interactive zsh (through zpty) that
# loads the completion in $1, and prints what zsh shows: the completed line
# and the list of candidates.  zsh -f tests/install/zsh-complete.zsh DIR WORDS
zmodload zsh/zpty || exit 2
dir=$1
shift
zpty z "zsh -f -i"
zpty -w z "PS1='> '; fpath=($dir \$fpath); autoload -Uz compinit; compinit -u -D; setopt nobeep"
zpty -w z "zstyle ':completion:*' list-prompt ''; zstyle ':completion:*' menu no; LISTMAX=1000"
# what is typed after the TAB is shown once the completion is done
zpty -w -n z "trawl $*"$'\t''#@@'
out=
for i in {1..200}; do
	if zpty -rt z chunk 2>/dev/null; then
		out+=$chunk
		[[ $out == *'#@@'* ]] && break
	else
		sleep 0.1
	fi
done
zpty -d z
print -r -- "$out" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tr -d '\r'
