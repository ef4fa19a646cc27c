# zsh tests/shells/complete.zsh DIR WORDS...: what zsh offers at TAB after WORDS, one per line.
# DIR holds the _spm-kafka completion function. An interactive zsh in a pseudo-terminal,
# with compadd wrapped to print the matches it is given; the markers are split in the typed
# commands so that zsh's echo of them never matches.
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT='%% '; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D; bindkey -e"
zpty -w z 'compadd() { local -a __hits; builtin compadd -A __hits "$@"; (( $#__hits )) && print -l -- "MA""TCH:"${^__hits}; builtin compadd "$@" }'
zpty -w z "zstyle ':completion:*' list-prompt ''; print RE''ADY"
while zpty -r z line; do [[ $line == READY* ]] && break; done
# Type only once the line editor is back (it discards what was typed before).
zpty -r z line '*% '
shift
zpty -w -n z "${*}"$'\t'
zpty -w z $'\x15print DO''NE'
while zpty -r z line; do
  [[ $line == DONE* ]] && break
  [[ $line == *MATCH:* ]] && print -r -- "${${line##*MATCH:}%%$'\r'}"
done
zpty -d z
