// The scripts `ticket completion bash|zsh|fish` prints. Each asks `ticket __complete` for the
// candidates of the word under the cursor.

export const BASH = `# bash completion for ticket                                  -*- shell-script -*-
# Install: ticket completion bash > ~/.local/share/bash-completion/completions/ticket
#      or: echo 'eval "$(ticket completion bash)"' >> ~/.bashrc
_ticket_complete() {
  local IFS=$'\\n' line out
  out=$(ticket __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
  COMPREPLY=()
  for line in $out; do
    [[ -n $line ]] && COMPREPLY+=("\${line%%$'\\t'*}")
  done
  if [[ \${#COMPREPLY[@]} -eq 1 && \${COMPREPLY[0]} == *= ]]; then
    compopt -o nospace 2>/dev/null
  fi
  return 0
}
complete -o default -o bashdefault -F _ticket_complete ticket
`;

export const ZSH = `#compdef ticket
# zsh completion for ticket
# Install: ticket completion zsh > "\${fpath[1]}/_ticket"   (then restart zsh)
#      or: echo 'source <(ticket completion zsh)' >> ~/.zshrc
_ticket() {
  local -a cands
  local line val desc
  for line in "\${(@f)$(ticket __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}"; do
    [[ -z $line ]] && continue
    val=\${line%%$'\\t'*}
    desc=\${line#*$'\\t'}
    [[ $desc == "$line" ]] && desc=''
    cands+=("\${val//:/\\\\:}\${desc:+:$desc}")
  done
  if (( \${#cands} )); then
    _describe -t values ticket cands
  else
    _files
  fi
}
if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
  _ticket "$@"
else
  compdef _ticket ticket
fi
`;

export const FISH = `# fish completion for ticket
# Install: ticket completion fish > ~/.config/fish/completions/ticket.fish
function __ticket_complete
    set -l tokens (commandline -opc) (commandline -ct)
    ticket __complete $tokens[2..-1] 2>/dev/null
end
complete -c ticket -f -a '(__ticket_complete)'
`;
